/**
 * Pure: a SearchPlan (what either endpoint wants) → Elasticsearch search
 * bodies. Disjunctive facets: refinements go into `post_filter`, and each
 * facet's aggregation is filtered by every refinement except its own, so a
 * facet's counts ignore its own selection.
 *
 * Two shapes (search-strategy.ts picks one per catalog):
 *   - one body with hits, exact total and facets (`searchBodies().full`);
 *   - for large catalogs, two cheaper ones: the hits without a total (so
 *     Elasticsearch can skip products that cannot reach the page), and the
 *     facets with the exact total, counted over a random sample when the
 *     matches are expected to be many (`hits`, `facets`).
 */
import type { estypes } from '@elastic/elasticsearch';
import type { FacetSpec } from '../../common/contract/facets.js';
import type { SynonymIndex } from '../../common/text/synonyms.js';
import type { HighlightTags } from './highlight.js';
import { NO_MERCHANDISING, type Merchandising } from '../merchandising/rules.js';
import { activePins, pinClauses } from '../merchandising/pins.js';
import { buildTextQuery, RESCORE_WINDOW, type QueryUnderstanding, type TextQueryParts } from './relevance.js';
import type { SortOrder } from './search-request.js';
import type { ClickLift } from '../../common/contract/click-ranking.js';
import { clickRescorer } from './click-rescore.js';

type Query = estypes.QueryDslQueryContainer;

export interface SearchPlan {
  query: string;
  page: number;
  size: number;
  /** The first hit's position when given directly (InstantSearch's offset/length), instead of page × size. */
  offset?: number;
  sort: SortOrder;
  /** Always applied (attributes, InstantSearch filters). */
  filters: Query[];
  /** Refinements that facets see disjunctively, keyed by the facet they belong to. */
  refinements: Array<{ facet: string; clause: Query }>;
  facets: FacetSpec[];
  /** Price range buckets (disjunctive with the `price` refinement) and price stats. */
  priceFacet: boolean;
  /** Highlight the hits' names (search/highlight.ts, on the response: Elasticsearch highlights nothing). */
  highlight?: HighlightTags | undefined;
  /** Answer with a corrected query when words were corrected. */
  didYouMean: boolean;
  /** What the query's words mean for this catalog (relevance.ts); undefined for an empty query. */
  understanding: QueryUnderstanding | undefined;
  /** What the tenant's rules do to this query (src/merchandising/rules.ts); none when absent. */
  merchandising?: Merchandising | undefined;
  /** Products shoppers chose more than their positions predicted for this query (src/search/click-rescore.ts). */
  clickLifts?: readonly ClickLift[] | undefined;
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

/**
 * How deep click-aware lifts reach: shoppers click what the first pages show, so a lift is needed only near
 * the top, and a shorter window costs Elasticsearch less. Fixed, like RESCORE_WINDOW: pages stay one ranking.
 */
const CLICK_RESCORE_WINDOW = 60;

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
/** The random sample the facets are counted over (when they are). */
export const FACET_SAMPLE_AGGREGATION = 'facet_sample';
/** The exact number of matches with every refinement applied, counted beside the facets (which apply them their own way). */
export const REFINED_TOTAL_AGGREGATION = 'refined_total';
/** The same sample on every request and page of a query, so counts do not flicker between pages. */
const FACET_SAMPLE_SEED = 20_240_601;

function allExcept(refinements: SearchPlan['refinements'], facet: string | undefined): Query[] {
  return refinements.filter((r) => r.facet !== facet).map((r) => r.clause);
}

/**
 * Each facet's aggregation; wrapped in a `filter` only when another facet is
 * refined (an unneeded match_all wrapper costs as much again at scale).
 * search-response.ts reads both shapes.
 */
function facetAggregations(plan: SearchPlan): Record<string, estypes.AggregationsAggregationContainer> {
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {};
  // Named by position (facet names may hold characters aggregation names must not).
  plan.facets.forEach((facet, i) => {
    const terms: estypes.AggregationsAggregationContainer = { terms: { field: facet.field, size: facet.size } };
    const others = allExcept(plan.refinements, facet.name);
    aggs[facetAggregationName(i)] = others.length > 0 ? { filter: { bool: { filter: others } }, aggs: { values: terms } } : terms;
  });
  if (plan.priceFacet) {
    const price = { ranges: { range: { field: 'price', keyed: false, ranges: PRICE_RANGES } }, stats: { stats: { field: 'price' } } };
    const others = allExcept(plan.refinements, 'price');
    if (others.length > 0) aggs[PRICE_AGGREGATION] = { filter: { bool: { filter: others } }, aggs: price };
    else for (const [part, agg] of Object.entries(price)) aggs[`${PRICE_AGGREGATION}_${part}`] = agg;
  }
  return aggs;
}

export interface SearchBodies {
  /** Whether the plan asks for any facet (or the price facet). */
  hasFacets: boolean;
  /** Hits, exact total and facets in one body. */
  full(): estypes.SearchRequest;
  /** The page of hits, without a total. */
  hits(): estypes.SearchRequest;
  /**
   * The facets alone; counted over a random `probability` of the matches when
   * below 1 (below 0.5, as Elasticsearch requires). With `total`, also the
   * exact number of matches: hits.total without refinements, and
   * REFINED_TOTAL_AGGREGATION with them when there are any.
   */
  facets(probability: number, options?: { total: boolean }): estypes.SearchRequest;
}

export function searchBodies(plan: SearchPlan, synonyms: SynonymIndex): SearchBodies {
  const text: TextQueryParts | undefined = plan.understanding ? buildTextQuery(plan.understanding, synonyms, plan.query) : undefined;
  const merchandising = plan.merchandising ?? NO_MERCHANDISING;
  // Hidden products are filtered out of every body: hits, totals and facets alike count them nowhere.
  const hidden: Query[] = merchandising.hidden.length > 0 ? [{ bool: { must_not: [{ ids: { values: merchandising.hidden } }] } }] : [];
  const filters: Query[] = [{ term: { active: true } }, ...plan.filters, ...merchandising.filters, ...hidden];
  // Pinned products (relevance order only) are results whatever the text: counted, and lifted to the top.
  const pins = activePins(merchandising, plan.sort);
  const pinned: Query | undefined = pins.length > 0 ? { ids: { values: pins.map((pin) => pin.productId) } } : undefined;
  const withPins = (query: Query, lifted: Query[]): Query => (pinned ? { bool: { should: [query, ...lifted], minimum_should_match: 1 } } : query);
  const textMatch: Query = text ? text.match : { match_all: {} };
  const match: Query = withPins(textMatch, pinned ? [pinned] : []);
  // Which products match, unscored: what counts and facets need.
  const matching: Query = { bool: { filter: [match, ...filters] } };
  // The merchant's tiebreaks order equally relevant products; another sort has its own order.
  const boosts = [...(text?.boosts ?? []), ...merchandising.boosts, ...(plan.sort === 'relevance' ? merchandising.tiebreaks : [])];
  const scored: Query = { bool: { must: [withPins(text ? text.ranked : textMatch, pinClauses(pins))], ...(boosts.length > 0 ? { should: boosts } : {}), filter: filters } };
  const refined = allExcept(plan.refinements, undefined);
  const facets = facetAggregations(plan);
  const hasFacets = Object.keys(facets).length > 0;

  const page = (): estypes.SearchRequest => {
    const from = plan.offset ?? plan.page * plan.size;
    // Per-field BM25 reorders the best products by relevance; Elasticsearch allows no sort beside a rescore
    // (equal scores then fall back to index order, and the route pins a query to one shard copy).
    // The window is the same for every page: one fixed ranking (its best RESCORE_WINDOW rescored, the rest in
    // first-pass order after them), of which each page is a slice. A window that grew with `from` reordered
    // the top differently for deep pages, and they repeated and skipped products.
    const relevancePage = plan.sort === 'relevance' && plan.size > 0;
    const rescore = relevancePage && text?.rescore ? text.rescore : undefined;
    // Then what shoppers chose: a product lifted by its clicks multiplies its rescored score (pins keep their places).
    const clicks = relevancePage && plan.clickLifts?.length ? clickRescorer(plan.clickLifts, CLICK_RESCORE_WINDOW, new Set(pins.map((pin) => pin.productId))) : undefined;
    const rescorers: estypes.SearchRescore[] = [
      ...(rescore ? [{ window_size: RESCORE_WINDOW, query: { rescore_query: rescore, query_weight: 1, rescore_query_weight: 1 } }] : []),
      ...(clicks ? [clicks] : []),
    ];
    return {
      from,
      size: plan.size,
      _source: SOURCE_FIELDS,
      query: scored,
      ...(refined.length > 0 ? { post_filter: { bool: { filter: refined } } } : {}),
      ...(rescorers.length > 0 ? { rescore: rescorers.length === 1 ? rescorers[0] : rescorers } : { sort: SORTS[plan.sort] }),
    };
  };

  return {
    hasFacets,
    full: () => ({ track_total_hits: true, ...page(), ...(hasFacets ? { aggs: facets } : {}) }),
    hits: () => ({ track_total_hits: false, ...page() }),
    facets: (probability, options) => {
      const aggs: Record<string, estypes.AggregationsAggregationContainer> =
        probability < 1 ? { [FACET_SAMPLE_AGGREGATION]: { random_sampler: { probability, seed: FACET_SAMPLE_SEED }, aggs: facets } } : { ...facets };
      if (options?.total && refined.length > 0) aggs[REFINED_TOTAL_AGGREGATION] = { filter: { bool: { filter: refined } } };
      return { size: 0, track_total_hits: options?.total === true, query: matching, aggs };
    },
  };
}

/** The single-body shape (hits, total and facets in one request): small catalogs, the InstantSearch facet-value search, the eval. */
export function buildSearchBody(plan: SearchPlan, synonyms: SynonymIndex): estypes.SearchRequest {
  return searchBodies(plan, synonyms).full();
}
