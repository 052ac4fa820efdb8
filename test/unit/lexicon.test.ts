import { buildLexicon, editDistance, EMPTY_LEXICON, Lexicon, LexiconBuilder } from '../../common/text/lexicon.js';
import { buildTextQuery, understandQuery } from '../../src/search/relevance.js';
import { buildSynonymIndex, NO_SYNONYMS } from '../../common/text/synonyms.js';

const product = (name: string, productClass: string[], category: string | null = null) => ({ name, productClass, category });
const catalog = [
  ...Array.from({ length: 20 }, (_, i) => product(`oak coffee table ${i}`, ['Coffee Tables'])),
  ...Array.from({ length: 10 }, (_, i) => product(`velvet sofa ${i}`, ['Sofas'])),
  ...Array.from({ length: 5 }, (_, i) => product(`twin xl sheet set ${i}`, ['Sheets'])),
  product('heaven coaster', ['Coasters']),
  product('wood bookcase', ['Bookcases'], 'Bookcases'),
];
const lexicon = new Lexicon(buildLexicon(catalog));

describe('lexicon (learned from the catalog)', () => {
  test('counts the products each word occurs in, after normalising (plurals, case)', () => {
    expect(lexicon.frequency('table')).toBe(20);
    expect(lexicon.frequency('sofa')).toBe(10);
    expect(lexicon.frequency('sofas')).toBe(0); // stored normalised: queries are normalised the same way
    expect(lexicon.documents).toBe(catalog.length);
  });

  test('finds the classes words concentrate in; a word seen once says little', () => {
    expect(lexicon.classesFor(['coffee', 'table'])[0]?.name).toBe('Coffee Tables');
    const [top] = lexicon.classesFor(['heaven', 'sofa']);
    expect(top?.name).toBe('Sofas'); // ten sofas outweigh one coaster
    expect(lexicon.classesFor(['nothing'])).toEqual([]);
  });

  test('splits run-together words into known words, corrects typos to the most common close word', () => {
    expect(lexicon.split('twinxl')).toEqual(['twin', 'xl']);
    expect(lexicon.split('coffeetables')).toEqual(['coffee', 'table']);
    expect(lexicon.split('table')).toBeUndefined(); // known words are never split
    expect(lexicon.closest('cofee', 1)).toBe('coffee');
    expect(lexicon.closest('zofa', 1)).toBeUndefined(); // the first letter is kept
    expect(lexicon.completes('bookc')).toBe(true);
    expect(lexicon.completes('bookz')).toBe(false);
  });

  test('edit distance counts adjacent transpositions once and stops past the bound', () => {
    expect(editDistance('coffe', 'coffee', 2)).toBe(1);
    expect(editDistance('tabel', 'table', 2)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  test('bounded on hostile input: huge and odd words cost nothing and find nothing', () => {
    const huge = 'x'.repeat(10_000);
    const started = performance.now();
    expect(lexicon.split(huge)).toBeUndefined();
    expect(lexicon.closest(huge, 2)).toBeUndefined();
    expect(understandQuery(`${huge} \u0000 ${'ä'.repeat(5_000)}`, lexicon)?.words.length).toBeLessThanOrEqual(10);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('query understanding', () => {
  test('known words are exact; unknown ones get a correction, a split, or a prefix when being typed', () => {
    const reading = understandQuery('velvet sofaa twinxl', lexicon);
    expect(reading?.words.map((w) => [w.token, w.known, w.corrected ?? null, w.split ?? null, w.prefix])).toEqual([
      ['velvet', true, null, null, false],
      ['sofaa', false, 'sofa', null, false],
      ['twinxl', false, null, ['twin', 'xl'], false],
    ]);
    expect(reading?.correction).toBe('velvet sofa twinxl');
    expect(understandQuery('velvet sof', lexicon, 'en', NO_SYNONYMS, true)?.words[1]?.prefix).toBe(true); // still typing "sofa"
    expect(understandQuery('velvet sof', lexicon)?.words[1]?.prefix).toBe(false); // finished (a space followed it): a word of its own
  });

  test('points at the classes the words concentrate in, and the query boosts them', () => {
    const reading = understandQuery('oak coffee table', lexicon);
    expect(reading?.classes[0]?.name).toBe('Coffee Tables');
    const parts = buildTextQuery(reading!, NO_SYNONYMS, 'oak coffee table');
    expect(JSON.stringify(parts.boosts)).toContain('"product_class":"Coffee Tables"');
  });

  test('without a lexicon (a tenant not indexed yet) every word is exact and nothing is guessed', () => {
    const reading = understandQuery('velvet sofs', EMPTY_LEXICON);
    expect(reading?.words.every((w) => w.known && !w.corrected && !w.split && !w.prefix)).toBe(true);
    expect(reading?.classes).toEqual([]);
  });

  test('a product matches when any meaningful word does: no word is required', () => {
    const parts = buildTextQuery(understandQuery('the oak table', lexicon)!, NO_SYNONYMS, 'the oak table');
    expect(parts.match).toMatchObject({ bool: { minimum_should_match: 1 } });
    expect(JSON.stringify(parts.match)).not.toContain('"the"'); // stop words never have to match
  });
});

describe('how many products a query matches, from the lexicon alone (the facet sample rate)', () => {
  const shop = new Lexicon(
    buildLexicon([
      ...Array.from({ length: 30 }, (_, i) => ({ name: `oak table ${i}`, productClass: ['Tables'], category: 'Tables', categoryPath: ['Furniture', 'Tables'] })),
      ...Array.from({ length: 10 }, (_, i) => ({ name: `linen sofa ${i}`, productClass: ['Sofas'], category: 'Sofas', categoryPath: ['Furniture', 'Sofas'] })),
      ...Array.from({ length: 5 }, (_, i) => ({ name: `linen towel ${i}`, productClass: ['Towels'], category: 'Towels', categoryPath: ['Bath', 'Towels'] })),
    ]),
  );
  const estimate = (query: string) => understandQuery(query, shop, 'en', NO_SYNONYMS, true)?.matches;

  test('a word only in the upper category levels counts every product under them', () => {
    expect(shop.frequency('furniture')).toBe(0); // not a word of any name, class or leaf category
    expect(shop.matching('furniture')).toBe(40);
    expect(shop.matching('sofa')).toBe(10);
  });

  test('words are summed (an upper bound when they occur together), never past the catalog', () => {
    expect(estimate('sofa')).toBe(10 + 2); // and an exact id or SKU
    expect(estimate('linen sofa')).toBe(15 + 10 + 2);
    expect(estimate('furniture linen towel')).toBe(45);
  });

  test('guesses count what they would match: a correction, the completions of the word being typed', () => {
    expect(estimate('sofq')).toBe(10 + 2);
    expect(estimate('lin')).toBe(15 + 2); // linen
    expect(shop.matchingPrefix('t', 1)).toBeUndefined(); // table, towel: too broad to sum
  });
});

describe('did you mean, in the shopper\'s words', () => {
  test('words typed right stay as typed (inflected, plural); a corrected one is spelled as the catalog spells it', () => {
    const fi = new Lexicon(
      buildLexicon(
        [
          ...Array.from({ length: 6 }, (_, i) => ({ name: `Valkoinen nahkasohva ${i}`, productClass: ['Sohvat'], category: 'Sohvat' })),
          ...Array.from({ length: 4 }, (_, i) => ({ name: `Harmaa sohva ${i}`, productClass: ['Sohvat'], category: 'Sohvat' })),
          ...Array.from({ length: 3 }, (_, i) => ({ name: `Pyöreä ruokapöytä ${i}`, productClass: ['Pöydät'], category: 'Pöydät' })),
        ],
        'fi',
      ),
    );
    // "sohvat" and "pyöreät" are right (inflected); "hramaa" is a typo of the catalog's "harmaa".
    const reading = understandQuery('sohvat pyöreät hramaa', fi, 'fi');
    expect(reading?.correction).toBe('sohvat pyöreät harmaa');
    // An inflection now meets the catalog's word (-nen adjectives): nothing to correct.
    expect(understandQuery('valkoiset sohvat', fi, 'fi')?.correction ?? null).toBeNull();
    // A typo is corrected to the catalog's word as the catalog spells it, never to a stem ("valkoin").
    expect(understandQuery('valkiset sohvat', fi, 'fi')?.correction).toBe('valkoinen sohvat');

    const en = understandQuery('velvet sofaa chairs', lexicon);
    expect(en?.correction).toBe('velvet sofa chairs'); // the plural typed stays a plural
    const sv = new Lexicon(buildLexicon(Array.from({ length: 5 }, (_, i) => ({ name: `Grå soffa ${i}`, productClass: ['Soffor'], category: 'Soffor' })), 'sv'));
    expect(understandQuery('gråa soffor', sv, 'sv')?.correction ?? 'gråa soffor').not.toMatch(/\bsoff\b/);
  });
});

test('a word found only in an upper category level is known: no typo correction', () => {
  const withPaths = new Lexicon(
    buildLexicon([
      ...Array.from({ length: 5 }, (_, i) => ({ name: `reception desk ${i}`, productClass: ['Desks'], category: 'Desks', categoryPath: ['Office', 'Desks'] })),
      ...Array.from({ length: 5 }, (_, i) => ({ name: `swing set ${i}`, productClass: ['Swings'], category: 'Swings', categoryPath: ['Recreation', 'Swings'] })),
    ]),
  );
  const reading = understandQuery('recreation', withPaths);
  expect(reading?.words[0]).toMatchObject({ token: 'recreation', known: true });
  expect(reading?.words[0]?.corrected).toBeUndefined();
  expect(reading?.correction).toBeNull();
});

test("a word the merchant named in a synonym is known: not 'corrected', and the synonym finds the products", () => {
  const synonyms = buildSynonymIndex([['couch', 'sofa']]);
  const coach = new Lexicon(buildLexicon([...catalog, ...Array.from({ length: 3 }, (_, i) => product(`coach lamp ${i}`, ['Lamps']))]));
  expect(understandQuery('velvet couch', coach)?.words[1]).toMatchObject({ token: 'couch', known: false, corrected: 'coach' }); // without the synonym
  const reading = understandQuery('velvet couch', coach, 'en', synonyms);
  expect(reading?.words[1]).toMatchObject({ token: 'couch', known: true });
  expect(reading?.correction).toBeNull();
  expect(JSON.stringify(buildTextQuery(reading!, synonyms, 'velvet couch').match)).toContain('sofa');
});

describe('memory bound', () => {
  test('past MAX words the commonest are kept, the rarest counted as dropped, and their spellings and matches go with them', () => {
    const products = [
      ...Array.from({ length: 5 }, (_, i) => ({ name: `Oak chair rare${i}`, productClass: ['Chairs'], category: 'Chairs' })),
      { name: 'Oak table', productClass: ['Tables'], category: 'Tables' },
      { name: 'Pine table', productClass: ['Tables'], category: 'Tables' },
    ];
    const full = new LexiconBuilder('en');
    const bounded = new LexiconBuilder('en', 3);
    for (const product of products) {
      full.add(product);
      bounded.add(product);
    }
    const all = full.build();
    const kept = bounded.build();
    expect(all.dropped).toBeUndefined();
    expect(Object.keys(kept.words).sort()).toEqual(['chair', 'oak', 'table'].sort());
    expect(kept.dropped).toBe(Object.keys(all.words).length - 3);
    for (const word of Object.keys(kept.surface ?? {})) expect(kept.words[word]).toBeDefined();
    expect(new Lexicon(kept).size).toBe(3);
  });
});

describe('head-noun intent', () => {
  // A catalog where the modifier alone points elsewhere: "bar" is mostly cabinet pulls, "dining" mostly tables,
  // "chair" is in chair mats as well as chairs.
  const catalog = new Lexicon(
    buildLexicon(
      [
        ...Array.from({ length: 12 }, (_, i) => ({ name: `Brass bar pull ${i}`, productClass: ['Cabinet Pulls'], category: 'Hardware' })),
        ...Array.from({ length: 4 }, (_, i) => ({ name: `Swivel bar stool ${i}`, productClass: ['Bar Stools'], category: 'Kitchen' })),
        ...Array.from({ length: 6 }, (_, i) => ({ name: `Wooden stool ${i}`, productClass: ['Stools'], category: 'Seating' })),
        ...Array.from({ length: 10 }, (_, i) => ({ name: `Oak dining table ${i}`, productClass: ['Dining Tables'], category: 'Dining' })),
        ...Array.from({ length: 4 }, (_, i) => ({ name: `Upholstered dining chair ${i}`, productClass: ['Dining Chairs'], category: 'Dining' })),
        ...Array.from({ length: 8 }, (_, i) => ({ name: `Office chair mat ${i}`, productClass: ['Chair Mats'], category: 'Office' })),
        ...Array.from({ length: 5 }, (_, i) => ({ name: `Accent chair ${i}`, productClass: ['Accent Chairs'], category: 'Living' })),
      ],
      'en',
    ),
  );
  const top = (query: string) => understandQuery(query, catalog)?.classes[0]?.name;

  test('the head decides the kind of product and the other words refine it', () => {
    expect(top('bar stools')).toBe('Bar Stools');
    expect(top('dining chairs')).toBe('Dining Chairs');
    expect(top('chair mat')).toBe('Chair Mats');
    expect(top('stool')).toBe('Stools');
    // A modifier's own kind of product no longer leads: cabinet pulls for "bar stools", tables for "dining chairs"
    // weigh less than the kind the query names.
    const share = (query: string, name: string) => understandQuery(query, catalog)?.classes.find((c) => c.name === name)?.share ?? 0;
    expect(share('bar stools', 'Cabinet Pulls')).toBeLessThan(share('bar stools', 'Bar Stools') / 2);
    expect(share('dining chairs', 'Dining Tables')).toBeLessThan(share('dining chairs', 'Dining Chairs') / 2);
    // A one-word query, or one with no word a class name ends in, reads as before: its words vote alike.
    expect(understandQuery('bar', catalog)?.classes[0]?.name).toBe('Cabinet Pulls');
  });
});
