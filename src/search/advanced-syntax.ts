/**
 * Pure: Algolia's advanced syntax in a query: `"quoted phrases"` that must
 * appear as written (word for word, in order, in one field) and `-word`
 * exclusions that must not appear at all. The rest of the text, phrase
 * words included, is searched and ranked as any query. Words are compared
 * as the normaliser reads them, so "-sofas" excludes "Sofa" too, and a
 * phrase matches its inflections ("leather sofas" finds "Leather Sofa").
 * A hyphen inside a word ("t-shirt") or a lone one is not an exclusion.
 */
import type { estypes } from '@elastic/elasticsearch';
import { normalizeTokens } from '../../common/text/normalize.js';
import type { Language } from '../../common/text/languages.js';

type Query = estypes.QueryDslQueryContainer;

export interface AdvancedQuery {
  /** What is searched and ranked: the query without its exclusions, with the phrases' words. */
  text: string;
  /** Each phrase's words, normalised. */
  phrases: string[][];
  /** Normalised words no result may contain. */
  excluded: string[];
}

/** Fields a phrase may appear in (their words are stored normalised, with positions). */
const PHRASE_FIELDS = ['name_norm', 'brand_norm', 'class_norm', 'category_norm', 'description_norm'];
/** Every searchable word of a product. */
const ALL_WORDS = 'all_norm';
const LIMIT = 10;

export type SyntaxFeature = 'exactPhrase' | 'excludeWords';
const ALL_FEATURES: readonly SyntaxFeature[] = ['exactPhrase', 'excludeWords'];

export function parseAdvancedSyntax(query: string, language: Language, features: readonly SyntaxFeature[] = ALL_FEATURES): AdvancedQuery {
  const phrases: string[][] = [];
  const excluded: string[] = [];
  const kept: string[] = [];
  // Quoted phrases first (an unclosed quote is an ordinary character), then the words outside them.
  const rest = !features.includes('exactPhrase') ? query : query.replace(/"([^"]*)"/g, (_, phrase: string) => {
    const words = normalizeTokens(phrase, language);
    if (words.length > 0 && phrases.length < LIMIT) phrases.push(words);
    kept.push(phrase);
    return ' ';
  });
  for (const word of rest.split(/\s+/)) {
    if (features.includes('excludeWords') && word.length > 1 && word.startsWith('-') && !word.startsWith('--')) {
      const forms = normalizeTokens(word.slice(1), language);
      if (excluded.length < LIMIT) excluded.push(...forms);
    } else if (word) {
      kept.push(word.replace(/"/g, ' '));
    }
  }
  return { text: kept.join(' ').replace(/\s+/g, ' ').trim(), phrases, excluded: [...new Set(excluded)] };
}

/** The filters the syntax adds: every phrase in some field, no excluded word anywhere. */
export function advancedSyntaxFilters(parsed: AdvancedQuery): Query[] {
  const phrases = parsed.phrases.map(
    (words): Query => ({ bool: { should: PHRASE_FIELDS.map((field) => ({ match_phrase: { [field]: words.join(' ') } })), minimum_should_match: 1 } }),
  );
  const exclusions: Query[] = parsed.excluded.length > 0 ? [{ bool: { must_not: [{ terms: { [ALL_WORDS]: parsed.excluded } }] } }] : [];
  return [...phrases, ...exclusions];
}
