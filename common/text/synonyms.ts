/**
 * Per-tenant synonyms applied at query time (no reindex): each group lists
 * interchangeable phrases ("sofa", "couch", "settee"). Phrases are normalised
 * with the shared normaliser, so plurals and accents match as in the index.
 */
import { normalizeText } from './normalize.js';
import type { Language } from './languages.js';

export type SynonymGroups = readonly (readonly string[])[];

export interface SynonymIndex {
  /** normalised phrase → the other normalised phrases of its groups */
  readonly alternatives: ReadonlyMap<string, readonly string[]>;
  readonly longestPhrase: number;
  /** Every normalised word of every phrase: words the merchant named are known, never typos. */
  readonly words: ReadonlySet<string>;
}

/** One-way synonyms: a query with `input` also finds the `synonyms`, not the other way round. */
export type OneWaySynonyms = ReadonlyArray<{ readonly input: string; readonly synonyms: readonly string[] }>;

export function buildSynonymIndex(groups: SynonymGroups, language: Language = 'en', oneWay: OneWaySynonyms = []): SynonymIndex {
  const alternatives = new Map<string, string[]>();
  const words = new Set<string>();
  let longestPhrase = 1;
  const add = (from: string, to: readonly string[]) => {
    longestPhrase = Math.max(longestPhrase, from.split(' ').length);
    for (const word of [from, ...to].flatMap((phrase) => phrase.split(' '))) words.add(word);
    const others = alternatives.get(from) ?? [];
    for (const other of to) if (other !== from && !others.includes(other)) others.push(other);
    alternatives.set(from, others);
  };
  const normalised = (phrases: readonly string[]) => [...new Set(phrases.map((phrase) => normalizeText(phrase, language)).filter(Boolean))];
  for (const group of groups) {
    const phrases = normalised(group);
    for (const phrase of phrases) add(phrase, phrases);
  }
  for (const { input, synonyms } of oneWay) {
    const [from] = normalised([input]);
    if (from) add(from, normalised(synonyms));
  }
  return { alternatives, longestPhrase, words };
}

export const NO_SYNONYMS: SynonymIndex = { alternatives: new Map(), longestPhrase: 1, words: new Set() };

/**
 * Alternative token lists for a normalised query: the query itself first,
 * then one rewrite per synonym phrase found in it (longest match first),
 * at most `limit` in all so the Elasticsearch query stays small.
 */
export function expandSynonyms(tokens: readonly string[], index: SynonymIndex, limit = 4): string[][] {
  const variants: string[][] = [[...tokens]];
  if (index.alternatives.size === 0) return variants;
  for (let start = 0; start < tokens.length; start += 1) {
    for (let length = Math.min(index.longestPhrase, tokens.length - start); length >= 1; length -= 1) {
      const phrase = tokens.slice(start, start + length).join(' ');
      const others = index.alternatives.get(phrase);
      if (!others) continue;
      for (const other of others) {
        if (variants.length >= limit) return variants;
        variants.push([...tokens.slice(0, start), ...other.split(' '), ...tokens.slice(start + length)]);
      }
      break;
    }
  }
  return variants;
}
