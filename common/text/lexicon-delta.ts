/**
 * The changes incremental syncs make to a tenant's lexicon between two full
 * builds: for each word, how many products gained or lost it, and in which
 * classes. The indexer records the products a sync removes (their indexed
 * copy) and adds (the new copy) into one delta per stored lexicon; the
 * search side lays it over that lexicon (`Lexicon.withDelta`), so a new
 * product's words, compounds and classes count within a minute instead of
 * at the next full build. Pure.
 */
import { productContribution, type LexiconProduct } from './lexicon.js';
import type { Language } from './languages.js';

export const LEXICON_DELTA_VERSION = 1;

/** The stored form (JSON). Every count is a change, positive or negative; zeros are left out. */
export interface LexiconDeltaData {
  version: number;
  /** Products added minus products removed. */
  documents: number;
  /** class name → change in its product count. */
  classSizes: Record<string, number>;
  /** word → change in the products containing it, and per class name. */
  words: Record<string, { df: number; classes?: Record<string, number> }>;
  /** word → change in the products it matches anywhere (LexiconData.matches). */
  matches: Record<string, number>;
  /** word → spelling → change in its weighted occurrences (what did-you-mean shows for a new word). */
  spellings: Record<string, Record<string, number>>;
}

const add = (counts: Map<string, number>, key: string, change: number) => {
  const value = (counts.get(key) ?? 0) + change;
  if (value === 0) counts.delete(key);
  else counts.set(key, value);
};

/** Nested counts keyed by outside text (words, class names): Maps, never plain objects, until stored. */
const nested = (outer: Map<string, Map<string, number>>, key: string) => {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new Map()));
  return inner;
};

export class LexiconDelta {
  private documents = 0;
  private readonly classSizes = new Map<string, number>();
  private readonly df = new Map<string, number>();
  private readonly classes = new Map<string, Map<string, number>>();
  private readonly matches = new Map<string, number>();
  private readonly spellings = new Map<string, Map<string, number>>();

  /** A delta continuing `from` (what earlier syncs recorded against the same lexicon). */
  constructor(
    private readonly language: Language,
    from?: LexiconDeltaData,
  ) {
    if (!from) return;
    this.documents = from.documents;
    for (const [name, change] of Object.entries(from.classSizes)) add(this.classSizes, name, change);
    for (const [word, { df, classes }] of Object.entries(from.words)) {
      add(this.df, word, df);
      for (const [name, change] of Object.entries(classes ?? {})) add(nested(this.classes, word), name, change);
    }
    for (const [word, change] of Object.entries(from.matches)) add(this.matches, word, change);
    for (const [word, counts] of Object.entries(from.spellings)) for (const [spelling, change] of Object.entries(counts)) add(nested(this.spellings, word), spelling, change);
  }

  /** A product now in the index. */
  add(product: LexiconProduct): void {
    this.apply(product, 1);
  }

  /** A product's copy no longer in the index (deleted, or replaced by a newer copy that is added). */
  remove(product: LexiconProduct): void {
    this.apply(product, -1);
  }

  private apply(product: LexiconProduct, sign: 1 | -1): void {
    const contribution = productContribution(product, this.language);
    this.documents += sign;
    for (const name of contribution.classes) add(this.classSizes, name, sign);
    for (const word of contribution.words) {
      add(this.df, word, sign);
      for (const name of contribution.classes) add(nested(this.classes, word), name, sign);
    }
    for (const word of contribution.everywhere) add(this.matches, word, sign);
    for (const [word, spelling, weight] of contribution.spellings) add(nested(this.spellings, word), spelling, sign * weight);
  }

  /** Words whose counts changed: what the stored delta holds (bounded by the indexer, see indexer/sync/lexicon-updates.ts). */
  get size(): number {
    return new Set([...this.df.keys(), ...this.matches.keys(), ...this.classes.keys()]).size;
  }

  toData(): LexiconDeltaData {
    // Object.fromEntries defines outside text as own keys ("__proto__" included), never as the prototype.
    const counts = (map: Map<string, number>) => Object.fromEntries([...map].filter(([, n]) => n !== 0));
    const words = Object.fromEntries(
      [...new Set([...this.df.keys(), ...this.classes.keys()])].map((word) => {
        const classes = counts(this.classes.get(word) ?? new Map());
        return [word, { df: this.df.get(word) ?? 0, ...(Object.keys(classes).length > 0 ? { classes } : {}) }];
      }),
    );
    const spellings = Object.fromEntries([...this.spellings].map(([word, map]) => [word, counts(map)]).filter(([, map]) => Object.keys(map as object).length > 0));
    return { version: LEXICON_DELTA_VERSION, documents: this.documents, classSizes: counts(this.classSizes), words, matches: counts(this.matches), spellings };
  }
}
