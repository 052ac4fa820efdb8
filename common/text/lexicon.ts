/**
 * A tenant's catalog vocabulary, learned from its own products: for each
 * normalised word, in how many products it occurs and in which product
 * classes. The indexer builds it (indexer/sync/lexicon.ts) and stores it
 * beside the products; the search side reads it to decide, per query word
 * and with no Elasticsearch work:
 *   - which product classes the query's words concentrate in (a gentle boost);
 *   - whether a word is known (exact match) or needs typo tolerance;
 *   - whether an unknown word is two known words run together ("twinxl");
 *   - what to suggest as "did you mean";
 *   - about how many products a query matches (the facet sample's rate).
 * Pure and bounded: every lookup is a map access or a scan capped in length.
 */
import { normalizeTokens, tokenize } from './normalize.js';
import { stemToken } from './stem.js';
import { foldNordic, stemFor, type Language } from './languages.js';

/**
 * 2: with `matches`. 3: with `surface`. A reader takes any version; an older one only estimates less well,
 * and shows stems where a newer one shows words.
 */
export const LEXICON_VERSION = 3;

/** The stored form (JSON in Elasticsearch). */
export interface LexiconData {
  version: number;
  /** Products it was built from. */
  documents: number;
  /** Product classes, referred to by position in `words`. */
  classes: string[];
  /** Products of each class, by the same position. */
  classSizes: number[];
  /** word → [products containing it, ...[class position, products of that class containing it] (top classes only)]. */
  words: Record<string, number[]>;
  /**
   * word → products that have it anywhere they can match it (name, brand,
   * class, any category level), where that differs from `words` (which reads
   * only the leaf category): "furniture" heads many categories. Absent in
   * lexicons built before it was added.
   */
  matches?: Record<string, number>;
  /**
   * word → the catalog's most common spelling of it, where that differs from the normalised word
   * ("sohv" → "sohva", "valkoin" → "valkoinen"): what "did you mean" shows a shopper. Absent in lexicons
   * built before it was added.
   */
  surface?: Record<string, string>;
}

export interface LexiconProduct {
  name: string;
  productClass: readonly string[];
  category: string | null;
  brand?: string | null;
  /** Every category level's name, root first (the leaf included): what a product matches beyond `category`. */
  categoryPath?: readonly string[];
}

/** A spelling in a product name counts this many times one in a class, category or brand. */
const NAME_SPELLING_WEIGHT = 1_000;

/** Classes kept per word: enough to see where a word concentrates. */
const CLASSES_PER_WORD = 6;
/** Pseudo-products of the catalog's class mix added to every word's evidence (additive smoothing). */
const SMOOTHING = 5;

/** Accumulates products one at a time (a large catalog is streamed, never held whole). */
export class LexiconBuilder {
  constructor(private readonly language: Language = 'en') {}

  private readonly classIndex = new Map<string, number>();
  private readonly classSizes: number[] = [];
  private readonly words = new Map<string, { df: number; classes: Map<number, number> }>();
  private readonly matches = new Map<string, number>();
  /**
   * normalised word → spelling → occurrences, in product names (weighted up) and in the other fields: names
   * say "Tufted Ottoman" where classes say "Ottomans", and a shopper's word reads best as a name spells it.
   */
  private readonly spellings = new Map<string, Map<string, number>>();
  private documents = 0;

  add(product: LexiconProduct): void {
    this.documents += 1;
    const classes = product.productClass.map((name) => {
      let index = this.classIndex.get(name);
      if (index === undefined) {
        index = this.classIndex.size;
        this.classIndex.set(name, index);
      }
      this.classSizes[index] = (this.classSizes[index] ?? 0) + 1;
      return index;
    });
    const text = [product.name, product.productClass.join(' '), product.category ?? '', product.brand ?? ''].join(' ');
    // The same tokens normalizeTokens makes, each with the spelling it came from.
    const nameTokens = tokenize(product.name, this.language).length;
    tokenize(text, this.language).forEach((spelling, i) => {
      const word = foldNordic(stemFor(this.language, spelling));
      if (word.length > 40) return;
      const counts = this.spellings.get(word) ?? new Map<string, number>();
      counts.set(spelling, (counts.get(spelling) ?? 0) + (i < nameTokens ? NAME_SPELLING_WEIGHT : 1));
      this.spellings.set(word, counts);
    });
    const words = new Set(normalizeTokens(text, this.language));
    for (const word of words) {
      if (word.length > 40) continue;
      const entry = this.words.get(word) ?? { df: 0, classes: new Map<number, number>() };
      entry.df += 1;
      for (const c of classes) entry.classes.set(c, (entry.classes.get(c) ?? 0) + 1);
      this.words.set(word, entry);
    }
    const everywhere = new Set([...words, ...normalizeTokens((product.categoryPath ?? []).join(' '), this.language)]);
    for (const word of everywhere) if (word.length <= 40) this.matches.set(word, (this.matches.get(word) ?? 0) + 1);
  }

  build(): LexiconData {
    // Catalog words are keys: Object.fromEntries defines them as own properties, so "__proto__" or
    // "constructor" are words like any other (an assignment would have set the prototype instead).
    const stored: Record<string, number[]> = Object.fromEntries(
      [...this.words].map(([word, { df, classes }]) => [word, [df, ...[...classes].sort((a, b) => b[1] - a[1]).slice(0, CLASSES_PER_WORD).flat()]]),
    );
    const matches: Record<string, number> = Object.fromEntries([...this.matches].filter(([word, count]) => count !== this.words.get(word)?.df));
    // The most common spelling of each word (ties: the shorter, then the first in code-point order), when it
    // is not the word itself.
    const surface: Record<string, string> = Object.fromEntries(
      [...this.spellings].flatMap(([word, counts]) => {
        const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1))[0] as [string, number];
        return best !== word ? [[word, best]] : [];
      }),
    );
    return { version: LEXICON_VERSION, documents: this.documents, classes: [...this.classIndex.keys()], classSizes: [...this.classSizes], words: stored, matches, surface };
  }
}

/** Pure: the lexicon of a set of products. */
export function buildLexicon(products: Iterable<LexiconProduct>, language: Language = 'en'): LexiconData {
  const builder = new LexiconBuilder(language);
  for (const product of products) builder.add(product);
  return builder.build();
}

export class Lexicon {
  private readonly words: Map<string, number[]>;
  /** LexiconData.matches as a Map: a shopper's word is looked up in it. */
  private readonly matches: Map<string, number>;
  private readonly surfaces: Map<string, string>;
  readonly documents: number;
  /** Known words by first letter and length, for bounded did-you-mean and typo lookups. */
  private readonly byShape = new Map<string, string[]>();

  constructor(private readonly data: LexiconData) {
    this.words = new Map(Object.entries(data.words));
    this.matches = new Map(Object.entries(data.matches ?? {}));
    this.surfaces = new Map(Object.entries(data.surface ?? {}));
    this.documents = data.documents;
    for (const word of this.words.keys()) {
      const key = shapeKey(word, word.length);
      const list = this.byShape.get(key) ?? [];
      list.push(word);
      this.byShape.set(key, list);
    }
    // Most common first: a lookup can stop at the first close word of each shape.
    for (const list of this.byShape.values()) list.sort((a, b) => this.frequency(b) - this.frequency(a));
  }

  private sorted: string[] | undefined;

  /** Known words in code-point order, sorted on first use: prefix lookups are a binary search. */
  private sortedWords(): string[] {
    this.sorted ??= [...this.words.keys()].sort();
    return this.sorted;
  }

  private reversed: string[] | undefined;

  /** Whether a known word starts with `prefix` (the word being typed may be one). */
  completes(prefix: string): boolean {
    const sorted = this.sortedWords();
    return sorted[lowerBound(sorted, prefix)]?.startsWith(prefix) ?? false;
  }

  /**
   * Compounds of the catalog that end with `part` ("sohv" → nahkasohv, kulmasohv):
   * in Finnish and Swedish the last part names the kind of product. The most
   * common first, at most `limit`; the part itself excluded.
   */
  endingWith(part: string, limit = 20): string[] {
    this.reversed ??= [...this.words.keys()].map(reverse).sort();
    return this.mostCommon(compoundsOf(this.reversed, reverse(part)).map(reverse), limit);
  }

  /** Compounds of the catalog that start with `part` ("sohv" → sohvapöyt, sohvatyyn): `part` only modifies them. */
  startingWith(part: string, limit = 20): string[] {
    return this.mostCommon(compoundsOf(this.sortedWords(), part), limit);
  }

  private mostCommon(words: string[], limit: number): string[] {
    return words.sort((a, b) => this.frequency(b) - this.frequency(a)).slice(0, limit);
  }

  /** The catalog's spelling of a normalised word, to show a shopper (the word itself when none is known). */
  surfaceOf(word: string): string {
    return this.surfaces.get(word) ?? word;
  }

  /** Products containing the word (0: not in this catalog). */
  frequency(word: string): number {
    return this.words.get(word)?.[0] ?? 0;
  }

  /** Products the word matches anywhere (any category level too); the leaf-only count for lexicons built before that was kept. */
  matching(word: string): number {
    return this.matches.get(word) ?? this.frequency(word);
  }

  /**
   * Products matched by any known word starting with `prefix`, summed over at
   * most `limit` words; undefined when more words start with it (a prefix
   * that broad may match anything).
   */
  matchingPrefix(prefix: string, limit = 200): number | undefined {
    const sorted = this.sortedWords();
    let sum = 0;
    const start = lowerBound(sorted, prefix);
    for (let i = start; i < sorted.length; i += 1) {
      const word = sorted[i] as string;
      if (!word.startsWith(prefix)) return sum;
      if (i - start >= limit) return undefined;
      sum += this.matching(word);
    }
    return sum;
  }

  /** How informative a word is: rare words say more about what is asked for. */
  weight(word: string): number {
    const df = this.frequency(word);
    return df === 0 ? 0 : Math.log(1 + this.documents / df);
  }

  /**
   * The product classes the words concentrate in, strongest first, each with
   * its share of the evidence (0..1). Every known word votes with the share of
   * its products in each class, smoothed towards the catalog's overall class
   * sizes: a word seen in two products says little, one seen in fifty
   * products of one class says a lot.
   */
  classesFor(words: readonly string[], limit = 3, minShare = 0.15): Array<{ name: string; share: number }> {
    const votes = new Map<number, number>();
    let voters = 0;
    for (const word of new Set(words)) {
      const entry = this.words.get(word);
      if (!entry) continue;
      const [df = 0, ...pairs] = entry;
      voters += 1;
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        const c = pairs[i] as number;
        const prior = (this.data.classSizes?.[c] ?? 0) / Math.max(1, this.documents);
        const share = ((pairs[i + 1] as number) + SMOOTHING * prior) / (df + SMOOTHING);
        votes.set(c, (votes.get(c) ?? 0) + share);
      }
    }
    if (voters === 0) return [];
    return [...votes]
      .map(([index, vote]) => ({ name: this.data.classes[index] ?? '', share: vote / voters }))
      .filter((c) => c.name && c.share >= minShare)
      .sort((a, b) => b.share - a.share)
      .slice(0, limit);
  }

  /**
   * An unknown word read as two known words run together ("twinxl" → "twin xl",
   * "roomtables" → "room table"): the split whose rarer half is most common.
   * Linear in the word's length; words over 30 letters are not split.
   */
  split(word: string): [string, string] | undefined {
    if (word.length < 5 || word.length > 30 || this.frequency(word) > 0) return undefined;
    let best: [string, string] | undefined;
    let bestScore = 0;
    for (let i = 2; i <= word.length - 2; i += 1) {
      // The word is already normalised: its halves only need the plural stemming.
      const left = stemToken(word.slice(0, i));
      const right = stemToken(word.slice(i));
      const score = Math.min(this.frequency(left), this.frequency(right));
      if (score > bestScore) {
        bestScore = score;
        best = [left, right];
      }
    }
    return best;
  }

  /**
   * The most common known word within `maxEdits` of an unknown one (same
   * first letter, as most typos keep it), or undefined. Bounded: compares
   * against at most `budget` candidates of similar length.
   */
  closest(word: string, maxEdits: number, budget = 400): string | undefined {
    if (word.length < 4 || word.length > 30) return undefined;
    let best: string | undefined;
    let bestDf = 0;
    let compared = 0;
    for (let length = word.length - maxEdits; length <= word.length + maxEdits; length += 1) {
      for (const candidate of this.byShape.get(shapeKey(word, length)) ?? []) {
        if ((compared += 1) > budget) return best;
        const df = this.frequency(candidate);
        if (df <= bestDf) break; // sorted by frequency: nothing further in this shape can win
        if (editDistance(word, candidate, maxEdits) <= maxEdits) {
          best = candidate;
          bestDf = df;
          break;
        }
      }
    }
    return best;
  }
}

const reverse = (word: string) => [...word].reverse().join('');

/**
 * Words of `sorted` that start with `part` and go on for at least three more
 * letters (a word of its own, not an inflection: "sohv" is not part of
 * "sohva"). Bounded: a binary search, then at most 200 neighbours.
 */
function compoundsOf(sorted: readonly string[], part: string): string[] {
  if (part.length < 3) return [];
  const found: string[] = [];
  const start = lowerBound(sorted, part);
  for (let i = start; i < sorted.length && i < start + 200; i += 1) {
    const word = sorted[i] as string;
    if (!word.startsWith(part)) break;
    if (word.length >= part.length + 3) found.push(word);
  }
  return found;
}

/** The first position in `sorted` whose word is not below `value`. */
function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

const shapeKey = (word: string, length: number) => `${word[0] ?? ''}:${length}`;

/** Whether two words are at most one edit apart (insert, delete, substitute, swap neighbours): O(length). */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Rows of the distance table, reused: lookups run per request, allocation would dominate them. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/** Damerau-Levenshtein (adjacent transpositions) distance, stopping early once over `max` (then max + 1). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (max <= 1) return a === b ? 0 : withinOneEdit(a, b) ? 1 : max + 1;
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let [before, previous, current] = rows;
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] as number) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length] as number, max + 1);
}

export const EMPTY_LEXICON = new Lexicon({ version: LEXICON_VERSION, documents: 0, classes: [], classSizes: [], words: {} });
