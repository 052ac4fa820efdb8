/** Pure: Elasticsearch's answer to a `GET /search` body → the response a storefront renders. */
import type { estypes } from '@elastic/elasticsearch';
import { facetAggregationName, PRICE_AGGREGATION, PRICE_RANGES, type SearchPlan } from './search-body.js';
import { highlightName, highlightTerms } from './highlight.js';
import { activePins, placePins } from '../merchandising/pins.js';
import { orderFacets } from '../merchandising/facets.js';
import { toProductHit, type ProductHit, type ProductSource } from './product-hit.js';
import type { Filters, SearchRequest } from './search-request.js';
import type { SearchOutcome } from './search-strategy.js';

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResponseBody {
  query: string;
  total: number;
  /** 1-based, as requested. */
  page: number;
  size: number;
  pages: number;
  sort: string;
  hits: Array<ProductHit & { highlight: { name?: string } }>;
  facets: Record<string, FacetValue[]>;
  price: {
    ranges: Array<{ key: string; from: number | null; to: number | null; count: number }>;
    stats: { min: number; max: number; avg: number } | null;
  };
  filters: Filters;
  /** False when the facet and price-range counts are estimated from a random sample of many matches (`total` is always exact). */
  facetsExhaustive: boolean;
  /** The query with unknown words corrected to the catalog's words, when any were. */
  didYouMean: string | null;
  /** The merchandising rules that fired (src/merchandising/rules.ts). */
  appliedRules: string[];
  redirect: string | null;
  userData: unknown[];
  elasticsearchTimeMs: number;
}

export type Aggregate = estypes.AggregationsAggregate & Record<string, unknown>;

/** hits.total as a number, whichever form Elasticsearch sent (0 when absent). */
export function totalHits(response: { hits?: { total?: number | { value: number } } }): number {
  const total = response.hits?.total;
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

/** A facet's values, whether its aggregation came wrapped in a refinement filter or not (search-body.ts). */
export function termBuckets(aggregate: Aggregate | undefined): FacetValue[] {
  const terms = (aggregate?.values ?? aggregate) as estypes.AggregationsStringTermsAggregate | undefined;
  const buckets = terms?.buckets;
  return Array.isArray(buckets) ? buckets.map((bucket) => ({ value: String(bucket.key), count: bucket.doc_count })) : [];
}

/** The price facet's ranges and stats, wrapped in a refinement filter or not. */
export function pricePart<K extends 'ranges' | 'stats'>(aggregations: Record<string, Aggregate>, part: K): (K extends 'ranges' ? estypes.AggregationsRangeAggregate : estypes.AggregationsStatsAggregate) | undefined {
  return (aggregations[PRICE_AGGREGATION]?.[part] ?? aggregations[`${PRICE_AGGREGATION}_${part}`]) as never;
}

export function toSearchResponse(request: SearchRequest, plan: SearchPlan, outcome: SearchOutcome): SearchResponseBody {
  const { response, facetsExhaustive } = outcome;
  const total = totalHits(response);
  const aggregations = (response.aggregations ?? {}) as Record<string, Aggregate>;
  const facets: Record<string, FacetValue[]> = {};
  plan.facets.forEach((facet, i) => {
    facets[facet.name] = termBuckets(aggregations[facetAggregationName(i)]);
  });
  const ranges = pricePart(aggregations, 'ranges')?.buckets;
  const marks = plan.highlight ? highlightTerms(plan.understanding) : undefined;
  const stats = pricePart(aggregations, 'stats');
  return {
    query: request.query,
    total,
    page: request.page + 1,
    size: request.size,
    pages: Math.ceil(total / request.size),
    sort: request.sort,
    hits: placePins(
      response.hits.hits.map((hit) => {
        const product = toProductHit(hit._source as ProductSource);
        const name = plan.highlight ? highlightName(product.name, marks, plan.highlight) : undefined;
        return { ...product, highlight: name !== undefined ? { name } : {} };
      }),
      activePins(plan.merchandising, plan.sort),
      request.page,
    ),
    facets: orderFacets(facets, plan.merchandising?.facets ?? null),
    price: {
      ranges: Array.isArray(ranges)
        ? ranges.map((bucket, i) => ({
            key: PRICE_RANGES[i]?.key ?? String(bucket.key),
            from: bucket.from ?? null,
            to: bucket.to ?? null,
            count: bucket.doc_count,
          }))
        : [],
      stats: stats && stats.count > 0 ? { min: stats.min ?? 0, max: stats.max ?? 0, avg: stats.avg ?? 0 } : null,
    },
    filters: request.filters,
    facetsExhaustive,
    didYouMean: plan.didYouMean ? (plan.understanding?.correction ?? null) : null,
    appliedRules: plan.merchandising?.appliedRules ?? [],
    redirect: plan.merchandising?.redirect ?? null,
    userData: plan.merchandising?.userData ?? [],
    elasticsearchTimeMs: response.took,
  };
}
