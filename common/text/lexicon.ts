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
import type { LexiconDeltaData } from './lexicon-delta.js';

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
  /** Rare words left out to keep within MAX_LEXICON_WORDS (absent: none). */
  dropped?: number;
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

/** What one product adds to a lexicon: the same reading for a full build and for an incremental update. */
export interface ProductContribution {
  classes: readonly string[];
  /** Normalised words of its name, classes, leaf category and brand (each once). */
  words: ReadonlySet<string>;
  /** `words` and the words of every category level: what the product can match. */
  everywhere: ReadonlySet<string>;
  /** [normalised word, spelling, weight]: the spellings the product shows each word in. */
  spellings: ReadonlyArray<readonly [string, string, number]>;
}

/** Words longer than this are not kept: no shopper types them, and they would only weigh the lexicon down. */
const MAX_WORD_LENGTH = 40;

/** Pure: a product's part of the lexicon. */
export function productContribution(product: LexiconProduct, language: Language): ProductContribution {
  const text = [product.name, product.productClass.join(' '), product.category ?? '', product.brand ?? ''].join(' ');
  // The same tokens normalizeTokens makes, each with the spelling it came from.
  const nameTokens = tokenize(product.name, language).length;
  const spellings: Array<readonly [string, string, number]> = [];
  tokenize(text, language).forEach((spelling, i) => {
    const word = foldNordic(stemFor(language, spelling));
    if (word.length <= MAX_WORD_LENGTH) spellings.push([word, spelling, i < nameTokens ? NAME_SPELLING_WEIGHT : 1]);
  });
  const words = new Set(normalizeTokens(text, language).filter((word) => word.length <= MAX_WORD_LENGTH));
  const everywhere = new Set([...words, ...normalizeTokens((product.categoryPath ?? []).join(' '), language).filter((word) => word.length <= MAX_WORD_LENGTH)]);
  return { classes: product.productClass, words, everywhere, spellings };
}

/** The most common spelling (ties: the shorter, then the first in code-point order); undefined when none is counted. */
export function commonestSpelling(counts: Iterable<[string, number]>): string | undefined {
  const [best] = [...counts].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1));
  return best?.[0];
}

/**
 * The most words a stored lexicon keeps (about 37 MB of a search container's heap per 100,000): a larger
 * vocabulary keeps its commonest words, and the rarest (mostly codes and one-off names, which still match
 * through the index) are left out and counted in `dropped`.
 */
export const MAX_LEXICON_WORDS = 300_000;

/** Accumulates products one at a time (a large catalog is streamed, never held whole). */
export class LexiconBuilder {
  constructor(
    private readonly language: Language = 'en',
    private readonly maxWords = MAX_LEXICON_WORDS,
  ) {}

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
    const contribution = productContribution(product, this.language);
    const classes = contribution.classes.map((name) => {
      let index = this.classIndex.get(name);
      if (index === undefined) {
        index = this.classIndex.size;
        this.classIndex.set(name, index);
      }
      this.classSizes[index] = (this.classSizes[index] ?? 0) + 1;
      return index;
    });
    for (const [word, spelling, weight] of contribution.spellings) {
      const counts = this.spellings.get(word) ?? new Map<string, number>();
      counts.set(spelling, (counts.get(spelling) ?? 0) + weight);
      this.spellings.set(word, counts);
    }
    for (const word of contribution.words) {
      const entry = this.words.get(word) ?? { df: 0, classes: new Map<number, number>() };
      entry.df += 1;
      for (const c of classes) entry.classes.set(c, (entry.classes.get(c) ?? 0) + 1);
      this.words.set(word, entry);
    }
    for (const word of contribution.everywhere) this.matches.set(word, (this.matches.get(word) ?? 0) + 1);
  }

  build(): LexiconData {
    // Catalog words are keys: Object.fromEntries defines them as own properties, so "__proto__" or
    // "constructor" are words like any other (an assignment would have set the prototype instead).
    let kept = [...this.words];
    // Over the bound: the commonest words (ties by word, so a build is repeatable).
    if (kept.length > this.maxWords) kept = kept.sort((a, b) => b[1].df - a[1].df || (a[0] < b[0] ? -1 : 1)).slice(0, this.maxWords);
    const keptWords = new Set(kept.map(([word]) => word));
    const stored: Record<string, number[]> = Object.fromEntries(kept.map(([word, { df, classes }]) => [word, [df, ...topClasses(classes)]]));
    const matches: Record<string, number> = Object.fromEntries(
      [...this.matches].filter(([word, count]) => count !== this.words.get(word)?.df && (keptWords.has(word) || !this.words.has(word))),
    );
    // The most common spelling of each word, when it is not the word itself.
    const surface: Record<string, string> = Object.fromEntries(
      [...this.spellings].flatMap(([word, counts]) => {
        if (!keptWords.has(word)) return [];
        const best = commonestSpelling(counts);
        return best !== undefined && best !== word ? [[word, best]] : [];
      }),
    );
    const dropped = this.words.size - kept.length;
    return {
      version: LEXICON_VERSION,
      documents: this.documents,
      classes: [...this.classIndex.keys()],
      classSizes: [...this.classSizes],
      words: stored,
      matches,
      surface,
      ...(dropped > 0 ? { dropped } : {}),
    };
  }
}

/** [class position, products]... of the classes a word occurs in most, flattened as stored. */
function topClasses(classes: Iterable<[number, number]>): number[] {
  return [...classes]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]) // stable: ties keep the order the classes were met in
    .slice(0, CLASSES_PER_WORD)
    .flat();
}

/** Pure: the lexicon of a set of products. */
export function buildLexicon(products: Iterable<LexiconProduct>, language: Language = 'en'): LexiconData {
  const builder = new LexiconBuilder(language);
  for (const product of products) builder.add(product);
  return builder.build();
}

/** The parsed stored lexicon and its lookup structures: built once per stored version (the costly part). */
class LexiconBase {
  readonly words: Map<string, number[]>;
  /** LexiconData.matches as a Map: a shopper's word is looked up in it. */
  readonly matches: Map<string, number>;
  readonly surfaces: Map<string, string>;
  /** Known words by first letter and length, for bounded did-you-mean and typo lookups. */
  readonly byShape: Map<string, ShapeGroup>;
  private sortedWords: string[] | undefined;
  private reversedWords: string[] | undefined;

  constructor(readonly data: LexiconData) {
    this.words = new Map(Object.entries(data.words));
    this.matches = new Map(Object.entries(data.matches ?? {}));
    this.surfaces = new Map(Object.entries(data.surface ?? {}));
    this.byShape = byShape(this.words.keys(), (word) => this.words.get(word)?.[0] ?? 0);
  }

  /** Known words in code-point order, sorted on first use: prefix lookups are a binary search. */
  get sorted(): string[] {
    this.sortedWords ??= [...this.words.keys()].sort();
    return this.sortedWords;
  }

  /** Known words spelled backwards, sorted on first use: the compounds a word ends are a binary search. */
  get reversed(): string[] {
    this.reversedWords ??= [...this.words.keys()].map(reverse).sort();
    return this.reversedWords;
  }
}

/**
 * Words of one first letter and length, most common first, each with its
 * letter set as a bit mask and its frequency when grouped: a typo lookup
 * rules most of them out with two bit counts before any edit distance.
 */
interface ShapeGroup {
  words: string[];
  masks: Uint32Array;
  frequencies: Float64Array;
}

/** Words grouped by first letter and length, most common first in each group. */
function byShape(words: Iterable<string>, frequency: (word: string) => number): Map<string, ShapeGroup> {
  const lists = new Map<string, string[]>();
  for (const word of words) {
    const key = shapeKey(word, word.length);
    const list = lists.get(key);
    if (list) list.push(word);
    else lists.set(key, [word]);
  }
  const shapes = new Map<string, ShapeGroup>();
  for (const [key, list] of lists) {
    // Most common first: a lookup can stop once no word further on can win.
    list.sort((a, b) => frequency(b) - frequency(a));
    shapes.set(key, { words: list, masks: Uint32Array.from(list, letterMask), frequencies: Float64Array.from(list, frequency) });
  }
  return shapes;
}

/** The letters a word has, one bit each (a–z, ä, ö, å, digits share one bit, anything else another). */
function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i += 1) {
    const code = word.charCodeAt(i);
    const bit = code >= 97 && code <= 122 ? code - 97 : code === 0xe4 ? 26 : code === 0xf6 ? 27 : code === 0xe5 ? 28 : code >= 48 && code <= 57 ? 29 : 30;
    mask |= 1 << bit;
  }
  return mask >>> 0;
}

function bitCount(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * A lower bound on the edits between two words from their letter sets: each
 * letter one has and the other lacks needs an edit of its own, and one
 * substitution mends at most one such letter on each side.
 */
const editsAtLeast = (a: number, b: number) => Math.max(bitCount(a & ~b), bitCount(b & ~a));

/** Candidate lengths, likeliest first: a typo most often keeps the length (a substitution or a swap). */
function lengthsByLikelihood(length: number, maxEdits: number): number[] {
  const lengths = [length];
  for (let d = 1; d <= maxEdits; d += 1) lengths.push(length - d, length + d);
  return lengths;
}

/**
 * What the incremental syncs changed since the stored lexicon was built (common/text/lexicon-delta.ts),
 * merged with it for the words they touched only: a few hundred entries laid over a base of 100k words,
 * so applying a sync's changes costs nothing like parsing the lexicon again.
 */
interface Overlay {
  /** Merged entries of the words the delta touched (null: in no product any more), as `LexiconData.words` stores them. */
  words: Map<string, number[] | null>;
  /** Merged `matching` counts of the words the delta touched. */
  matches: Map<string, number>;
  /** Spellings of words new to the base. */
  surfaces: Map<string, string>;
  /** Words new to the base: sorted, reversed and by shape, as the base keeps its own. */
  sorted: string[];
  reversed: string[];
  byShape: Map<string, ShapeGroup>;
  classes: string[];
  classSizes: number[];
  documents: number;
}

export class Lexicon {
  private readonly base: LexiconBase;
  private readonly overlay: Overlay | undefined;
  readonly documents: number;

  constructor(data: LexiconData, layers?: { base: LexiconBase; overlay: Overlay }) {
    this.base = layers?.base ?? new LexiconBase(data);
    this.overlay = layers?.overlay;
    this.documents = this.overlay?.documents ?? data.documents;
  }

  /** Words it holds (what its memory grows with): the stored ones and those the syncs added since. */
  get size(): number {
    return this.base.words.size + (this.overlay?.sorted.length ?? 0);
  }

  /**
   * This lexicon with the incremental syncs' changes laid over it (the base's structures are shared, not
   * copied). A delta always applies to the stored lexicon it was recorded against, never to another overlay.
   */
  withDelta(delta: LexiconDeltaData): Lexicon {
    const base = this.base;
    const classes = [...base.data.classes];
    const classPosition = new Map(classes.map((name, i) => [name, i]));
    const position = (name: string): number => {
      let index = classPosition.get(name);
      if (index === undefined) {
        index = classes.length;
        classes.push(name);
        classPosition.set(name, index);
      }
      return index;
    };
    const classSizes = [...base.data.classSizes];
    for (const [name, change] of Object.entries(delta.classSizes)) {
      const index = position(name);
      classSizes[index] = Math.max(0, (classSizes[index] ?? 0) + change);
    }
    const words = new Map<string, number[] | null>();
    const added: string[] = [];
    for (const [word, change] of Object.entries(delta.words)) {
      const before = base.words.get(word);
      const df = (before?.[0] ?? 0) + change.df;
      if (df <= 0) {
        if (before) words.set(word, null);
        continue;
      }
      const counts = new Map<number, number>();
      for (let i = 1; before && i + 1 < before.length; i += 2) counts.set(before[i] as number, before[i + 1] as number);
      for (const [name, n] of Object.entries(change.classes ?? {})) {
        const index = position(name);
        counts.set(index, (counts.get(index) ?? 0) + n);
      }
      words.set(word, [df, ...topClasses(counts)]);
      if (!before) added.push(word);
    }
    const baseMatching = (word: string) => base.matches.get(word) ?? base.words.get(word)?.[0] ?? 0;
    const matches = new Map<string, number>();
    for (const [word, change] of Object.entries(delta.matches)) matches.set(word, Math.max(0, baseMatching(word) + change));
    const surfaces = new Map<string, string>();
    for (const word of added) {
      const best = commonestSpelling(Object.entries(delta.spellings[word] ?? {}));
      if (best !== undefined && best !== word) surfaces.set(word, best);
    }
    const frequency = (word: string) => words.get(word)?.[0] ?? 0;
    const overlay: Overlay = {
      words,
      matches,
      surfaces,
      sorted: [...added].sort(),
      reversed: added.map(reverse).sort(),
      byShape: byShape(added, frequency),
      classes,
      classSizes,
      documents: Math.max(0, base.data.documents + delta.documents),
    };
    return new Lexicon(base.data, { base, overlay });
  }

  /** The word's stored entry, the overlay's where it has one; undefined when no product has the word. */
  private entry(word: string): number[] | undefined {
    const merged = this.overlay?.words.get(word);
    if (merged !== undefined) return merged ?? undefined;
    return this.base.words.get(word);
  }

  /** Whether the base's word is still in some product (not removed by the overlay). */
  private readonly live = (word: string): boolean => this.overlay?.words.get(word) !== null;

  /** Whether a known word starts with `prefix` (the word being typed may be one). */
  completes(prefix: string): boolean {
    return wordsStartingWith(this.base.sorted, prefix, 50).some(this.live) || (this.overlay ? wordsStartingWith(this.overlay.sorted, prefix, 1).length > 0 : false);
  }

  /**
   * Compounds of the catalog that end with `part` ("sohv" → nahkasohv, kulmasohv):
   * in Finnish and Swedish the last part names the kind of product. The most
   * common first, at most `limit`; the part itself excluded.
   */
  endingWith(part: string, limit = 20): string[] {
    const ending = reverse(part);
    const found = [...compoundsOf(this.base.reversed, ending), ...(this.overlay ? compoundsOf(this.overlay.reversed, ending) : [])];
    return this.mostCommon(found.map(reverse).filter(this.live), limit);
  }

  /** Compounds of the catalog that start with `part` ("sohv" → sohvapöyt, sohvatyyn): `part` only modifies them. */
  startingWith(part: string, limit = 20): string[] {
    const found = [...compoundsOf(this.base.sorted, part), ...(this.overlay ? compoundsOf(this.overlay.sorted, part) : [])];
    return this.mostCommon(found.filter(this.live), limit);
  }

  private mostCommon(words: string[], limit: number): string[] {
    return words.sort((a, b) => this.frequency(b) - this.frequency(a)).slice(0, limit);
  }

  /** The catalog's spelling of a normalised word, to show a shopper (the word itself when none is known). */
  surfaceOf(word: string): string {
    return this.overlay?.surfaces.get(word) ?? this.base.surfaces.get(word) ?? word;
  }

  /** Products containing the word (0: not in this catalog). */
  frequency(word: string): number {
    return this.entry(word)?.[0] ?? 0;
  }

  /** Products the word matches anywhere (any category level too); the leaf-only count for lexicons built before that was kept. */
  matching(word: string): number {
    return this.overlay?.matches.get(word) ?? this.base.matches.get(word) ?? this.frequency(word);
  }

  /**
   * Products matched by any known word starting with `prefix`, summed over at
   * most `limit` words; undefined when more words start with it (a prefix
   * that broad may match anything).
   */
  matchingPrefix(prefix: string, limit = 200): number | undefined {
    const words = [...wordsStartingWith(this.base.sorted, prefix, limit + 1), ...(this.overlay ? wordsStartingWith(this.overlay.sorted, prefix, limit + 1) : [])];
    if (words.length > limit) return undefined;
    return words.reduce((sum, word) => sum + this.matching(word), 0);
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
  classesFor(words: readonly string[], limit = 3, minShare = 0.15, head?: string): Array<{ name: string; share: number }> {
    const classNames = this.classNames;
    const distributions = [...new Set(words)].filter((word) => this.entry(word) !== undefined).map((word) => ({ word, shares: this.classShares(word) }));
    if (distributions.length === 0) return [];
    const led = head === undefined ? undefined : distributions.find((d) => d.word === head);
    const votes = averaged(distributions.map((d) => d.shares));
    if (led && distributions.length > 1) {
      // As much the head's reading as the head names one kind of product (its commonest class's share): a
      // broad head ("furniture") leaves the words to vote alike, a specific one ("stool") leads.
      const lead = Math.max(0, ...led.shares.values());
      const refined = refinedByModifiers(led.shares, distributions.filter((d) => d !== led).map((d) => d.shares));
      for (const c of new Set([...votes.keys(), ...refined.keys()])) votes.set(c, lead * (refined.get(c) ?? 0) + (1 - lead) * (votes.get(c) ?? 0));
    }
    return [...votes]
      .map(([index, share]) => ({ name: classNames[index] ?? '', share }))
      .filter((c) => c.name && c.share >= minShare)
      .sort((a, b) => b.share - a.share)
      .slice(0, limit);
  }

  /** Product class names, by the positions `words` refers to them with. */
  get classNames(): readonly string[] {
    return this.overlay?.classes ?? this.base.data.classes;
  }

  /** A word's share of products in each of its top classes, smoothed toward the catalog's class sizes. */
  private classShares(word: string): Map<number, number> {
    const shares = new Map<number, number>();
    const entry = this.entry(word);
    if (!entry) return shares;
    const classSizes = this.overlay?.classSizes ?? this.base.data.classSizes;
    const [df = 0, ...pairs] = entry;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const c = pairs[i] as number;
      const prior = (classSizes?.[c] ?? 0) / Math.max(1, this.documents);
      shares.set(c, ((pairs[i + 1] as number) + SMOOTHING * prior) / (df + SMOOTHING));
    }
    return shares;
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
   * The known word closest to an unknown one: the fewest edits, up to
   * `maxEdits`, then the most common (same first letter, as most typos keep
   * it), or undefined. Candidates are read likeliest length first, and a
   * letter-set bound rules most out before any edit distance is computed, so
   * a large vocabulary of short words does not spend the budget before the
   * long word's own length is reached. Bounded: at most SCAN_LIMIT
   * candidates looked at and `budget` distances computed.
   */
  closest(word: string, maxEdits: number, budget = 400): string | undefined {
    if (word.length < 4 || word.length > 30) return undefined;
    const mask = letterMask(word);
    let best: string | undefined;
    let bestDf = 0;
    let bestEdits = maxEdits + 1;
    let compared = 0;
    let scanned = 0;
    for (const length of lengthsByLikelihood(word.length, maxEdits)) {
      // Each length away from the word's own costs an edit: past the best found, it cannot win.
      if (Math.abs(length - word.length) > Math.min(maxEdits, bestEdits)) continue;
      const key = shapeKey(word, length);
      for (const shapes of this.overlay ? [this.base.byShape, this.overlay.byShape] : [this.base.byShape]) {
        const group = shapes.get(key);
        if (!group) continue;
        for (let i = 0; i < group.words.length; i += 1) {
          // Most common first: once the best is one edit away (no unknown word is closer), a rarer one cannot win.
          if (bestEdits <= 1 && (group.frequencies[i] as number) <= bestDf) break;
          if ((scanned += 1) > SCAN_LIMIT) return best;
          if (editsAtLeast(mask, group.masks[i] as number) > Math.min(maxEdits, bestEdits)) continue;
          if ((compared += 1) > budget) return best;
          const candidate = group.words[i] as string;
          const edits = editDistance(word, candidate, maxEdits);
          if (edits > maxEdits || edits > bestEdits) continue;
          const df = this.frequency(candidate);
          if (df === 0) continue; // removed by the overlay
          if (edits < bestEdits || df > bestDf) {
            best = candidate;
            bestDf = df;
            bestEdits = edits;
          }
        }
      }
    }
    return best;
  }
}

/** Candidates a typo lookup looks at most (a letter-set check each: a few nanoseconds). */
const SCAN_LIMIT = 20_000;

/** Every word votes alike: the mean of their shares. */
function averaged(distributions: ReadonlyArray<Map<number, number>>): Map<number, number> {
  const votes = new Map<number, number>();
  for (const shares of distributions) for (const [c, share] of shares) votes.set(c, (votes.get(c) ?? 0) + share / distributions.length);
  return votes;
}

/** How far a modifier may move one of the head's classes against another (a refinement, not a veto). */
const REFINE_RANGE = 4;

/**
 * The head word decides the kind of product; the other words refine it: the head's classes only, each
 * weighed by how much more the modifiers point at it than at the head's other classes ("bar stools": of the
 * classes "stool" has, "bar" prefers bar stools; cabinet pulls, which "bar" alone has, are not a stool). The
 * shares keep the head's total, so one word's query and a refined one weigh the same.
 */
function refinedByModifiers(head: Map<number, number>, modifiers: ReadonlyArray<Map<number, number>>): Map<number, number> {
  const total = [...head.values()].reduce((a, b) => a + b, 0);
  const scores = new Map<number, number>();
  for (const [c, share] of head) scores.set(c, share);
  for (const modifier of modifiers) {
    // Among the head's classes: the modifier's share of each, against the mean of them (a floor for those it lacks).
    const values = [...head.keys()].map((c) => modifier.get(c) ?? 0);
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    if (mean === 0) continue; // the modifier says nothing about these kinds of product
    for (const c of head.keys()) {
      const ratio = ((modifier.get(c) ?? 0) + mean / REFINE_RANGE) / (mean + mean / REFINE_RANGE);
      scores.set(c, (scores.get(c) ?? 0) * Math.min(REFINE_RANGE, Math.max(1 / REFINE_RANGE, ratio)));
    }
  }
  const sum = [...scores.values()].reduce((a, b) => a + b, 0);
  return new Map([...scores].map(([c, score]) => [c, sum > 0 ? (score * total) / sum : 0]));
}

/** Up to `limit` words of `sorted` that start with `prefix`, from the first such word on. */
function wordsStartingWith(sorted: readonly string[], prefix: string, limit: number): string[] {
  const found: string[] = [];
  for (let i = lowerBound(sorted, prefix); i < sorted.length && found.length < limit; i += 1) {
    const word = sorted[i] as string;
    if (!word.startsWith(prefix)) break;
    found.push(word);
  }
  return found;
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
