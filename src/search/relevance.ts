/**
 * Pure: a shopper's text → the Elasticsearch query that scores products.
 * Built only from core query types (multi_match, fuzzy, prefix via
 * index_prefixes, match_phrase, term), on fields normalised by the shared
 * TypeScript normaliser. The one place relevance is tuned.
 */
import type { estypes } from '@elastic/elasticsearch';
import { normalizeTokens } from '../../common/text/normalize.js';
import { isStopToken } from '../../common/text/stopwords.js';
import { expandSynonyms, type SynonymIndex } from '../../common/text/synonyms.js';

type Query = estypes.QueryDslQueryContainer;

/** Where a query word may match, and how much each field counts. */
export const TEXT_FIELDS = ['name_norm^4', 'brand_norm^3', 'class_norm^2.5', 'category_norm^1.5', 'description_norm^0.5'];

/** Typos: none for words under 4 letters ("rug" must not find "mug"), one up to 7, two beyond. */
const FUZZINESS = 'AUTO:4,8';

/** How many of n meaningful words must match: all of 1-2, all but one of 3-4, three quarters beyond. */
export function requiredMatches(n: number): number {
  if (n <= 2) return n;
  if (n <= 4) return n - 1;
  return Math.ceil(n * 0.75);
}

/**
 * The second try when the first found nothing (a word no product has, like
 * "huge" or an unknown brand): any one word of two, half of longer queries.
 * Products matching more words still score higher.
 */
export function relaxedMatches(n: number): number {
  return n <= 2 ? 1 : Math.ceil(n / 2);
}

function tokenClause(token: string, isLast: boolean): Query {
  // tie_breaker: a word found in the name *and* the class ("sofa" in a Sofas product) beats the name alone.
  const alternatives: Query[] = [{ multi_match: { query: token, fields: TEXT_FIELDS, type: 'best_fields', tie_breaker: 0.4 } }];
  // Numbers and sizes match exactly: a typo-tolerant "48" would also find "40".
  if (!/\d/.test(token)) {
    alternatives.push({
      multi_match: { query: token, fields: TEXT_FIELDS, type: 'best_fields', fuzziness: FUZZINESS, prefix_length: 1, max_expansions: 20, boost: 0.4 },
    });
  }
  // The last word may be unfinished (search as you type): a prefix served by name_norm's index_prefixes.
  if (isLast && token.length >= 2) alternatives.push({ prefix: { name_norm: { value: token, boost: 0.6 } } });
  return { dis_max: { queries: alternatives } };
}

function variantQuery(tokens: readonly string[], endsWithSpace: boolean, boost: number, relaxed: boolean): Query {
  const meaningful = tokens.filter((token) => !isStopToken(token));
  const words = meaningful.length > 0 ? meaningful : [...tokens];
  const clauses = words.map((token, i) => tokenClause(token, i === words.length - 1 && !endsWithSpace));
  const required = relaxed ? relaxedMatches(words.length) : requiredMatches(words.length);
  return { bool: { should: clauses, minimum_should_match: required, boost } };
}

/** Whether relaxing the word requirement could find more: only when fewer words than typed are required. */
export function canRelax(rawQuery: string): boolean {
  const words = normalizeTokens(rawQuery).filter((token) => !isStopToken(token));
  return words.length >= 2 && relaxedMatches(words.length) < requiredMatches(words.length);
}

export interface TextQueryParts {
  /** Decides which products match (and scores them). */
  match: Query;
  /** Extra score for phrase and word-pair agreement, never required. */
  boosts: Query[];
  tokens: string[];
}

/** undefined for an empty query (browse: everything that passes the filters). */
export function buildTextQuery(rawQuery: string, synonyms: SynonymIndex, relaxed = false): TextQueryParts | undefined {
  const tokens = normalizeTokens(rawQuery);
  const trimmed = rawQuery.trim();
  if (tokens.length === 0 && trimmed.length === 0) return undefined;
  const endsWithSpace = /\s$/.test(rawQuery);
  const variants = expandSynonyms(tokens, synonyms);
  const textMatch: Query =
    variants.length === 1
      ? variantQuery(tokens, endsWithSpace, 1, relaxed)
      : { dis_max: { queries: variants.map((variant, i) => variantQuery(variant, endsWithSpace, i === 0 ? 1 : 0.8, relaxed)) } };
  const normalized = tokens.join(' ');
  // The last meaningful word usually names the product type ("square ottoman", "wall clocks"):
  // finding it in the class or category is strong evidence the product is what was asked for.
  const head = [...tokens].reverse().find((token) => !isStopToken(token) && !/\d/.test(token));
  // An exact product id or SKU beats any text match.
  const exact: Query[] = trimmed.length <= 512 ? [{ term: { id: { value: trimmed, boost: 100 } } }, { term: { sku: { value: trimmed, boost: 100 } } }] : [];
  return {
    match: tokens.length > 0 ? { bool: { should: [textMatch, ...exact], minimum_should_match: 1 } } : { bool: { should: exact, minimum_should_match: 1 } },
    boosts: [
      ...(tokens.length > 1
        ? [
            { match_phrase: { name_norm: { query: normalized, slop: 2, boost: 2 } } },
            { match: { 'name_norm.pairs': { query: normalized, boost: 1 } } },
          ]
        : []),
      ...(head && tokens.length > 1 ? [{ multi_match: { query: head, fields: ['class_norm^2', 'category_norm'], boost: 1.5 } }] : []),
    ],
    tokens,
  };
}

/** Highlights on the displayed name: the shopper's own words, allowing the same typos and prefix. */
export function highlightQuery(rawQuery: string): Query | undefined {
  const words = rawQuery.trim();
  if (!words) return undefined;
  return {
    bool: {
      should: [
        { match: { name: { query: words, fuzziness: FUZZINESS, prefix_length: 1 } } },
        { match_bool_prefix: { name: { query: words } } },
      ],
    },
  };
}
