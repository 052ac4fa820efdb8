/**
 * Pure: a tenant's ranking knobs (settings.ranking) as score clauses. A
 * tiebreak orders products whose relevance is equal: each adds at most a
 * hundredth of one matched word's worth (the second a tenth of that), so
 * it decides ties and near-ties and never overrules the words. Scores, not
 * a sort: the rescored first page allows no sort (search-body.ts).
 * Core Elasticsearch only (no scripts): distance_feature on the date, and
 * function_score's field_value_factor and exp decay on the price.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { Tiebreak } from '../../common/contract/merchandising.js';

type Query = estypes.QueryDslQueryContainer;

/** One matched word is worth 10 (relevance.ts's WORD); the first tiebreak at most a hundredth of that. */
const FIRST_TIEBREAK_WEIGHT = 0.1;

/**
 * A score in [0, 1] that falls as the price rises, distinct across every
 * decade of price from cents to millions: one exp decay per scale, so two
 * prices a few percent apart still differ in float32 scores.
 */
const PRICE_SCALES = [10, 1_000, 100_000, 10_000_000];

function tiebreakClause(tiebreak: Tiebreak, weight: number): Query {
  switch (tiebreak) {
    case 'newest':
      return { distance_feature: { field: 'date_modified', origin: 'now', pivot: '30d', boost: weight } };
    case 'oldest':
      return { distance_feature: { field: 'date_modified', origin: '1970-01-01T00:00:00Z', pivot: '3650d', boost: weight } };
    case 'highest_price':
      // log10(1 + price) grows by about 0.3 per doubling, up to about 8 at 100 million.
      return {
        function_score: {
          query: { exists: { field: 'price' } },
          functions: [{ field_value_factor: { field: 'price', modifier: 'log1p', missing: 0 } }],
          boost_mode: 'replace',
          boost: weight / 8,
        },
      };
    case 'lowest_price':
      return {
        function_score: {
          query: { exists: { field: 'price' } },
          functions: PRICE_SCALES.map((scale) => ({ exp: { price: { origin: 0, scale, decay: 0.5 } } })),
          score_mode: 'sum',
          boost_mode: 'replace',
          boost: weight / PRICE_SCALES.length,
        },
      };
  }
}

/** The tiebreaks' clauses, the first ten times the weight of the second. */
export function tiebreakClauses(tiebreaks: readonly Tiebreak[] = []): Query[] {
  return tiebreaks.map((tiebreak, i) => tiebreakClause(tiebreak, FIRST_TIEBREAK_WEIGHT / 10 ** i));
}
