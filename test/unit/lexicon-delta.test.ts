/**
 * An incremental sync's lexicon delta laid over the stored lexicon reads as
 * a lexicon built from the catalog after the sync: every lookup search makes
 * agrees, for added, changed and removed products, in all three languages.
 */
import { buildLexicon, Lexicon, type LexiconProduct } from '../../common/text/lexicon.js';
import { LexiconDelta } from '../../common/text/lexicon-delta.js';
import type { Language } from '../../common/text/languages.js';

type Catalog = Map<string, LexiconProduct>;

function generatedCatalog(seed: number, size: number, words: readonly string[], classes: readonly string[]): Catalog {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const catalog: Catalog = new Map();
  for (let i = 0; i < size; i += 1) {
    const productClass = [classes[next(classes.length)] as string];
    const name = `${words[next(words.length)]} ${words[next(words.length)]} ${i % 7 === 0 ? words[next(words.length)] : ''}`.trim();
    catalog.set(`p${i}`, { name, productClass, category: productClass[0] as string, categoryPath: ['Koti', productClass[0] as string], brand: i % 3 === 0 ? 'Acme' : null });
  }
  return catalog;
}

/** The lookups search makes, for every word either lexicon knows. */
function readings(lexicon: Lexicon, probe: readonly string[]) {
  return {
    documents: lexicon.documents,
    words: probe.map((word) => [word, lexicon.frequency(word), lexicon.matching(word), lexicon.surfaceOf(word), lexicon.completes(word.slice(0, 3))]),
    classes: probe.map((word) => lexicon.classesFor([word]).map((c) => [c.name, c.share.toFixed(6)])),
    compounds: probe.map((word) => [lexicon.endingWith(word).sort(), lexicon.startingWith(word).sort()]),
    prefixes: probe.map((word) => lexicon.matchingPrefix(word.slice(0, 2))),
  };
}

const cases: Array<[Language, string[], string[], string[]]> = [
  ['fi', ['sohva', 'nahkasohva', 'kulmasohva', 'pöytä', 'ruokapöytä', 'valkoinen', 'harmaa', 'tuoli', 'matto'], ['Sohvat', 'Pöydät', 'Tuolit', 'Matot'], ['tähtisohva', 'kivipöytä', 'sametti']],
  ['sv', ['soffa', 'lädersoffa', 'bord', 'matbord', 'stol', 'matta', 'grå', 'vit'], ['Soffor', 'Bord', 'Stolar', 'Mattor'], ['stjärnsoffa', 'stenbord', 'sammet']],
  ['en', ['oak', 'table', 'coffee', 'sofa', 'velvet', 'chair', 'rug', 'lamp'], ['Tables', 'Sofas', 'Chairs', 'Rugs'], ['zanzibar', 'tabletop', 'settee']],
];

describe.each(cases)('lexicon delta (%s)', (language, words, classes, newWords) => {
  test('stored lexicon + the delta of adds, edits and deletes reads as a lexicon built after them', () => {
    const before = generatedCatalog(7, 300, words, classes);
    const after: Catalog = new Map(before);
    const delta = new LexiconDelta(language);
    // Deletes.
    for (const id of ['p1', 'p2', 'p3', 'p50', 'p51']) {
      delta.remove(after.get(id) as LexiconProduct);
      after.delete(id);
    }
    // Edits: a new name and a new class (the old copy leaves, the new one comes).
    for (const id of ['p10', 'p11', 'p12']) {
      const changed = { ...(after.get(id) as LexiconProduct), name: `${newWords[0]} ${words[0]}`, productClass: ['Uutuudet'], category: 'Uutuudet' };
      delta.remove(after.get(id) as LexiconProduct);
      delta.add(changed);
      after.set(id, changed);
    }
    // Adds, with words and a class new to the catalog; recorded over two syncs (the stored delta continued).
    const continued = new LexiconDelta(language, JSON.parse(JSON.stringify(delta.toData())));
    for (let i = 0; i < 4; i += 1) {
      const added = { name: `${newWords[1]} ${newWords[2]} ${i}`, productClass: ['Uutuudet'], category: 'Uutuudet', categoryPath: ['Koti', 'Uutuudet'], brand: null };
      continued.add(added);
      after.set(`new${i}`, added);
    }

    const stored = buildLexicon(before.values(), language);
    const overlaid = new Lexicon(stored).withDelta(JSON.parse(JSON.stringify(continued.toData())));
    const rebuilt = new Lexicon(buildLexicon(after.values(), language));
    const probe = [...words, ...newWords, 'acme', 'koti', 'uutuudet'].map((word) => buildLexicon([{ name: word, productClass: [], category: null }], language).words).flatMap(Object.keys);
    expect(readings(overlaid, probe)).toEqual(readings(rebuilt, probe));
    // The new words are known, spelled as the catalog spells them, and corrected to.
    for (const word of probe) expect(overlaid.frequency(word)).toBe(rebuilt.frequency(word));
    const newWord = probe.find((word) => rebuilt.frequency(word) === 4) as string;
    expect(overlaid.closest(`${newWord}x`, 1)).toBe(newWord);
  });
});

test('a word no product has any more is unknown; a compound head finds a compound only a delta added', () => {
  const stored = buildLexicon([{ name: 'Harmaa nahkasohva', productClass: ['Sohvat'], category: 'Sohvat' }, { name: 'Vanha kivijalka', productClass: ['Muut'], category: 'Muut' }], 'fi');
  const delta = new LexiconDelta('fi');
  delta.remove({ name: 'Vanha kivijalka', productClass: ['Muut'], category: 'Muut' });
  delta.add({ name: 'Sininen tähtisohva', productClass: ['Sohvat'], category: 'Sohvat' });
  const lexicon = new Lexicon(stored).withDelta(delta.toData());
  expect(lexicon.frequency('kivijalk')).toBe(0);
  expect(lexicon.completes('kivi')).toBe(false);
  expect(lexicon.closest('kivijalkx', 1)).toBeUndefined();
  expect(lexicon.endingWith('sohv').sort()).toEqual(['nahkasohv', 'tahtisohv']);
  expect(lexicon.surfaceOf('tahtisohv')).toBe('tähtisohva');
  expect(lexicon.documents).toBe(2);
});

test('text that names an Object prototype member is a word like any other', () => {
  const delta = new LexiconDelta('en');
  delta.add({ name: 'constructor __proto__ toString hasOwnProperty', productClass: ['__proto__'], category: 'constructor' });
  const data = JSON.parse(JSON.stringify(delta.toData()));
  const lexicon = new Lexicon(buildLexicon([], 'en')).withDelta(data);
  expect(lexicon.frequency('constructor')).toBe(1);
  expect(lexicon.frequency('hasownproperty')).toBe(1);
  expect(lexicon.classesFor(['tostring'])[0]?.name).toBe('__proto__');
  expect(new LexiconDelta('en', data).toData()).toEqual(data);
});
