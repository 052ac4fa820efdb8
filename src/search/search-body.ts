/**
 * Pure: a SearchPlan (what either endpoint wants) → one Elasticsearch search
 * body. Disjunctive facets in one round trip: refinements go into
 * `post_filter`, and each facet's aggregation is filtered by every
 * refinement except its own, so a facet's counts ignore its own selection.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { FacetSpec } from '../../common/contract/facets.js';
import type { SynonymIndex } from '../../common/text/synonyms.js';
import { buildTextQuery, highlightQuery, type QueryUnderstanding } from './relevance.js';
import type { SortOrder } from './search-request.js';

type Query = estypes.QueryDslQueryContainer;

export interface SearchPlan {
  query: string;
  page: number;
  size: number;
  sort: SortOrder;
  /** Always applied (attributes, InstantSearch filters). */
  filters: Query[];
  /** Refinements that facets see disjunctively, keyed by the facet they belong to. */
  refinements: Array<{ facet: string; clause: Query }>;
  facets: FacetSpec[];
  /** Price range buckets (disjunctive with the `price` refinement) and price stats. */
  priceFacet: boolean;
  /** escapeHtml: names are escaped before tags are added (our API); InstantSearch escapes client-side, as with Algolia. */
  highlight?: { preTag: string; postTag: string; escapeHtml: boolean };
  /** Answer with a corrected query when words were corrected. */
  didYouMean: boolean;
  /** What the query's words mean for this catalog (relevance.ts); undefined for an empty query. */
  understanding: QueryUnderstanding | undefined;
}

export const PRICE_RANGES: Array<{ key: string; from?: number; to?: number }> = [
  { key: 'under-25', to: 25 },
  { key: '25-50', from: 25, to: 50 },
  { key: '50-100', from: 50, to: 100 },
  { key: '100-250', from: 100, to: 250 },
  { key: '250-500', from: 250, to: 500 },
  { key: '500-1000', from: 500, to: 1000 },
  { key: '1000-and-up', from: 1000 },
];

export const SOURCE_FIELDS = ['id', 'name', 'price', 'currency', 'image_url', 'category', 'category_path', 'product_class', 'brand', 'sku'];

const SORTS: Record<SortOrder, estypes.SortCombinations[]> = {
  relevance: [{ _score: { order: 'desc' } }, { id: 'asc' }],
  price_asc: [{ price: { order: 'asc', missing: '_last' } }, { id: 'asc' }],
  price_desc: [{ price: { order: 'desc', missing: '_last' } }, { id: 'asc' }],
  newest: [{ date_modified: 'desc' }, { id: 'asc' }],
  name_asc: [{ 'name.sort': 'asc' }, { id: 'asc' }],
};

export const facetAggregationName = (position: number) => `facet_${position}`;
export const PRICE_AGGREGATION = 'facet_price';

function allExcept(refinements: SearchPlan['refinements'], facet: string | undefined): Query {
  const clauses = refinements.filter((r) => r.facet !== facet).map((r) => r.clause);
  return clauses.length > 0 ? { bool: { filter: clauses } } : { match_all: {} };
}

export function buildSearchBody(plan: SearchPlan, synonyms: SynonymIndex): estypes.SearchRequest {
  const text = plan.understanding ? buildTextQuery(plan.understanding, synonyms, plan.query) : undefined;
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {};
  // Aggregations are named by position (facet names may hold characters aggregation names must not).
  plan.facets.forEach((facet, i) => {
    aggs[facetAggregationName(i)] = {
      filter: allExcept(plan.refinements, facet.name),
      aggs: { values: { terms: { field: facet.field, size: facet.size } } },
    };
  });
  if (plan.priceFacet) {
    aggs[PRICE_AGGREGATION] = {
      filter: allExcept(plan.refinements, 'price'),
      aggs: {
        ranges: { range: { field: 'price', keyed: false, ranges: PRICE_RANGES } },
        stats: { stats: { field: 'price' } },
      },
    };
  }
  const highlight = plan.highlight && text ? highlightQuery(plan.query, plan.understanding) : undefined;
  return {
    track_total_hits: true,
    from: plan.page * plan.size,
    size: plan.size,
    _source: SOURCE_FIELDS,
    query: {
      bool: {
        must: [text ? text.match : { match_all: {} }],
        ...(text && text.boosts.length > 0 ? { should: text.boosts } : {}),
        filter: [{ term: { active: true } }, ...plan.filters],
      },
    },
    ...(plan.refinements.length > 0 ? { post_filter: allExcept(plan.refinements, undefined) } : {}),
    sort: SORTS[plan.sort],
    ...(Object.keys(aggs).length > 0 ? { aggs } : {}),
    ...(highlight && plan.highlight
      ? {
          highlight: {
            pre_tags: [plan.highlight.preTag],
            post_tags: [plan.highlight.postTag],
            // Product names are text, not markup: escape them before adding tags (unless the client does).
            ...(plan.highlight.escapeHtml ? { encoder: 'html' as const } : {}),
            fields: { name: { number_of_fragments: 0, highlight_query: highlight } },
          },
        }
      : {}),
  };
}
