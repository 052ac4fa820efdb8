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

export function buildSynonymIndex(groups: SynonymGroups, language: Language = 'en'): SynonymIndex {
  const alternatives = new Map<string, string[]>();
  const words = new Set<string>();
  let longestPhrase = 1;
  for (const group of groups) {
    const phrases = [...new Set(group.map((phrase) => normalizeText(phrase, language)).filter(Boolean))];
    for (const phrase of phrases) {
      longestPhrase = Math.max(longestPhrase, phrase.split(' ').length);
      for (const word of phrase.split(' ')) words.add(word);
      const others = alternatives.get(phrase) ?? [];
      for (const other of phrases) if (other !== phrase && !others.includes(other)) others.push(other);
      alternatives.set(phrase, others);
    }
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
