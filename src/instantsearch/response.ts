/** Pure: Elasticsearch responses → Algolia-shaped results that InstantSearch widgets render unchanged. */
import type { estypes } from '@elastic/elasticsearch';
import { facetAggregationName, type SearchPlan } from '../search/search-body.js';
import { highlightName, highlightTerms } from '../search/highlight.js';
import { toProductHit, type ProductSource } from '../search/product-hit.js';
import { activePins, placePins } from '../merchandising/pins.js';
import { facetOrdering } from '../merchandising/facets.js';
import { LIMITS } from '../search/search-request.js';
import { pricePart, termBuckets, totalHits, type Aggregate } from '../search/search-response.js';
import type { SearchOutcome } from '../search/search-strategy.js';
import { normalizeTokens } from '../../common/text/normalize.js';
import { FACET_VALUES_AGGREGATION } from './plan.js';
import type { InstantSearchQuery } from './request.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Algolia's `_highlightResult` entry for one attribute. */
export function highlightResult(value: string, highlighted: string | undefined, query: InstantSearchQuery) {
  if (!highlighted) return { value, matchLevel: 'none', matchedWords: [] as string[], fullyHighlighted: false };
  const pattern = new RegExp(`${escapeRegExp(query.highlightPreTag)}(.*?)${escapeRegExp(query.highlightPostTag)}`, 'g');
  const matched = [...highlighted.matchAll(pattern)].map((m) => (m[1] ?? '').toLowerCase());
  const queryWords = new Set(normalizeTokens(query.query));
  const matchedWords = [...new Set(matched)];
  const matchedNormalized = new Set(matchedWords.flatMap((word) => normalizeTokens(word)));
  const allMatched = [...queryWords].every((word) => [...matchedNormalized].some((m) => m.startsWith(word) || word.startsWith(m)));
  const stripped = highlighted.replace(pattern, '$1');
  return {
    value: highlighted,
    matchLevel: matchedWords.length === 0 ? 'none' : allMatched ? 'full' : 'partial',
    matchedWords,
    fullyHighlighted: matched.join(' ').length === stripped.length,
  };
}

/** Algolia's renderingContent: the facet ordering dynamicWidgets follow, and a fired rule's redirect. */
function renderingContent(merchandising: SearchPlan['merchandising']): { renderingContent: Record<string, unknown> } | undefined {
  const ordering = facetOrdering(merchandising?.facets ?? null);
  if (!ordering && !merchandising?.redirect) return undefined;
  return { renderingContent: { ...(ordering ? { facetOrdering: ordering } : {}), ...(merchandising?.redirect ? { redirect: { url: merchandising.redirect } } : {}) } };
}

export function toAlgoliaResult(query: InstantSearchQuery, plan: SearchPlan, outcome: SearchOutcome, processingTimeMS: number) {
  const { response, facetsExhaustive } = outcome;
  const total = totalHits(response);
  const aggregations = (response.aggregations ?? {}) as Record<string, Aggregate>;
  const facets: Record<string, Record<string, number>> = {};
  plan.facets.forEach((facet, i) => {
    facets[facet.name] = Object.fromEntries(termBuckets(aggregations[facetAggregationName(i)]).map((b) => [b.value, b.count]));
  });
  const stats = pricePart(aggregations, 'stats');
  const facetsStats =
    plan.priceFacet && stats && stats.count > 0 ? { price: { min: stats.min ?? 0, max: stats.max ?? 0, avg: stats.avg ?? 0, sum: stats.sum } } : {};
  const reachable = query.hitsPerPage > 0 ? Math.floor(LIMITS.maxResultWindow / query.hitsPerPage) : 0;
  const correction = plan.didYouMean ? (plan.understanding?.correction ?? null) : null;
  const marks = plan.highlight ? highlightTerms(plan.understanding) : undefined;
  const merchandising = plan.merchandising;
  const userData = [...(merchandising?.userData ?? []), ...(correction ? [{ didYouMean: correction }] : [])];
  return {
    hits: placePins(
      response.hits.hits.map((hit) => {
        const product = toProductHit(hit._source as ProductSource);
        return {
          objectID: product.id,
          ...product,
          product_class: product.class,
          _highlightResult: { name: highlightResult(product.name, plan.highlight ? highlightName(product.name, marks, plan.highlight) : undefined, query) },
        };
      }),
      activePins(merchandising, plan.sort),
      query.page,
    ),
    nbHits: total,
    page: query.page,
    nbPages: query.hitsPerPage > 0 ? Math.min(Math.ceil(total / query.hitsPerPage), reachable) : 0,
    hitsPerPage: query.hitsPerPage,
    facets,
    facets_stats: facetsStats,
    exhaustiveNbHits: true,
    exhaustiveFacetsCount: facetsExhaustive,
    exhaustive: { nbHits: true, facetsCount: facetsExhaustive },
    processingTimeMS,
    query: query.query,
    params: query.paramsString,
    index: query.indexName,
    // Algolia's rule payloads: InstantSearch's queryRuleCustomData widget renders them.
    ...(userData.length > 0 ? { userData } : {}),
    ...(merchandising && merchandising.appliedRules.length > 0 ? { appliedRules: merchandising.appliedRules.map((objectID) => ({ objectID })) } : {}),
    ...(renderingContent(merchandising) ?? {}),
  };
}

export function toFacetSearchResult(query: InstantSearchQuery, response: estypes.SearchResponse<unknown>, processingTimeMS: number) {
  const buckets = (response.aggregations?.[FACET_VALUES_AGGREGATION] as estypes.AggregationsStringTermsAggregate | undefined)?.buckets;
  const text = query.facetSearch?.facetQuery ?? '';
  // Highlight the word prefix Elasticsearch matched through the aggregation's `include` pattern.
  const matcher = text ? new RegExp(`(^|[^\\p{L}\\p{N}])(${escapeRegExp(text)})`, 'iu') : undefined;
  return {
    facetHits: (Array.isArray(buckets) ? buckets : []).map((bucket) => {
      const value = String(bucket.key);
      return {
        value,
        highlighted: matcher ? value.replace(matcher, `$1${query.highlightPreTag}$2${query.highlightPostTag}`) : value,
        count: bucket.doc_count,
      };
    }),
    exhaustiveFacetsCount: true,
    processingTimeMS,
  };
}
