/**
 * A fair typo budget (common/text/lexicon.ts `closest`), on a generated
 * vocabulary of 100,000 words with Zipf-like frequencies: a long word's
 * two-edit typo and a short word's one-edit typo are corrected to exactly
 * what an exhaustive search finds (fewest edits, then most common, same
 * first letter), however many shorter words the catalog has.
 */
import { editDistance, Lexicon, LEXICON_VERSION } from '../../common/text/lexicon.js';
import { seededRandom } from '../../local/commerce-api/seed.js';

const random = seededRandom(7);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
const CONSONANTS = [...'bdfghjklmnprstv'];
const VOWELS = [...'aeiouy'];
const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];

// 100,000 distinct pronounceable words of 4–14 letters; the most frequent are short, as in real catalogs.
const vocabulary = new Set<string>();
while (vocabulary.size < 100_000) {
  const syllables = 2 + Math.floor(random() * random() * 6);
  let word = '';
  for (let i = 0; i < syllables; i++) word += pick(CONSONANTS) + pick(VOWELS) + (random() < 0.3 ? pick(CONSONANTS) : '');
  vocabulary.add(word);
}
const ranked = [...vocabulary].sort((a, b) => a.length - b.length || (random() < 0.5 ? -1 : 1));
const frequency = new Map(ranked.map((word, rank) => [word, Math.max(1, Math.floor(50_000 / (rank + 1)))]));
const lexicon = new Lexicon({ version: LEXICON_VERSION, documents: 100_000, classes: [], classSizes: [], words: Object.fromEntries([...frequency].map(([w, df]) => [w, [df]])) });

/** `edits` random edits after the first letter (substitute, delete, insert, swap), unknown to the vocabulary. */
function typo(word: string, edits: number): string | undefined {
  let typed = word;
  for (let e = 0; e < edits; e++) {
    const at = 1 + Math.floor(random() * (typed.length - 1));
    const kind = Math.floor(random() * 4);
    if (kind === 0) typed = typed.slice(0, at) + pick(LETTERS) + typed.slice(at + 1);
    else if (kind === 1) typed = typed.slice(0, at) + typed.slice(at + 1);
    else if (kind === 2) typed = typed.slice(0, at) + pick(LETTERS) + typed.slice(at);
    else if (at < typed.length - 1) typed = typed.slice(0, at) + typed[at + 1] + typed[at] + typed.slice(at + 2);
  }
  return typed === word || vocabulary.has(typed) || typed.length < 4 ? undefined : typed;
}

/** How good a correction is: its edits, and how common it is (ties between equally good words may go either way). */
const quality = (typed: string, word: string | undefined) => (word === undefined ? 'none' : `${editDistance(typed, word, 2)} edits, df ${frequency.get(word)}`);

/** What an exhaustive search finds: fewest edits, then most common; same first letter. */
function exhaustive(typed: string, maxEdits: number): string | undefined {
  let best: string | undefined;
  let bestEdits = maxEdits + 1;
  let bestDf = 0;
  for (const [word, df] of frequency) {
    if (word[0] !== typed[0] || Math.abs(word.length - typed.length) > maxEdits) continue;
    const edits = editDistance(typed, word, maxEdits);
    if (edits < bestEdits || (edits === bestEdits && edits <= maxEdits && df > bestDf)) [best, bestEdits, bestDf] = [word, edits, df];
  }
  return bestEdits <= maxEdits ? best : undefined;
}

/** Typos the search reads with `edits` edits: typed words of `minLength` to `maxLength` letters (relevance.ts allowedEdits). */
function cases(minLength: number, maxLength: number, edits: number, count: number): Array<{ word: string; typed: string }> {
  const words = ranked.filter((w) => w.length >= minLength - edits && w.length <= maxLength + edits);
  const found: Array<{ word: string; typed: string }> = [];
  while (found.length < count) {
    const word = pick(words);
    const typed = typo(word, edits);
    if (typed && typed.length >= minLength && typed.length <= maxLength && editDistance(typed, word, edits) <= edits) found.push({ word, typed });
  }
  return found;
}

test('two-edit typos typed with 8+ letters: every one corrected, as well as an exhaustive search does', () => {
  const typos = cases(8, 14, 2, 300);
  const corrected = typos.map(({ typed }) => lexicon.closest(typed, 2));
  expect(corrected.filter((c) => c === undefined)).toHaveLength(0);
  expect(typos.filter(({ typed }, i) => quality(typed, corrected[i]) !== quality(typed, exhaustive(typed, 2)))).toEqual([]);
  // Most are the very word meant (the rest have an as-close, more common neighbour in a dense vocabulary).
  expect(typos.filter(({ word }, i) => corrected[i] === word).length / typos.length).toBeGreaterThan(0.6);
});

test('one-edit typos typed with 4-7 letters: every one corrected, as well as an exhaustive search does', () => {
  const typos = cases(4, 7, 1, 300);
  expect(typos.filter(({ typed }) => quality(typed, lexicon.closest(typed, 1)) !== quality(typed, exhaustive(typed, 1)))).toEqual([]);
});
