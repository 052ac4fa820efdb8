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
import { HIT_ATTRIBUTES, type InstantSearchQuery } from './request.js';
import { ignoredMessage } from './parameters.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type MatchLevel = 'none' | 'partial' | 'full';

/** Algolia's `_highlightResult` entry for one attribute. */
export function highlightResult(value: string, highlighted: string | undefined, query: InstantSearchQuery): { value: string; matchLevel: MatchLevel; matchedWords: string[]; fullyHighlighted: boolean } {
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

/**
 * Algolia's `_snippetResult` value: about `words` words of the (marked) name
 * around its first mark, with the ellipsis where the name was cut.
 */
export function snippet(highlighted: string, words: number, ellipsis: string, preTag: string): string {
  const parts = highlighted.split(/\s+/).filter(Boolean);
  if (parts.length <= words) return parts.join(' ');
  const first = Math.max(0, parts.findIndex((part) => part.includes(preTag)));
  const start = Math.max(0, Math.min(first - Math.floor((words - 1) / 2), parts.length - words));
  const end = start + words;
  return `${start > 0 ? ellipsis : ''}${parts.slice(start, end).join(' ')}${end < parts.length ? ellipsis : ''}`;
}

/** Only the attributes attributesToRetrieve asks for (objectID and the highlight/snippet/ranking entries always stay). */
function retrieved<T extends Record<string, unknown>>(hit: T, query: InstantSearchQuery): T {
  const { include, exclude } = query.retrieve;
  if (include === null && exclude.size === 0) return hit;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hit)) {
    const attribute = (HIT_ATTRIBUTES as readonly string[]).includes(key);
    if (!attribute || ((include === null || include.has(key)) && !exclude.has(key))) kept[key] = value;
  }
  return kept as T;
}

/** Only the result fields responseFields asks for. */
function withResponseFields<T extends Record<string, unknown>>(result: T, query: InstantSearchQuery): Partial<T> {
  const fields = query.responseFields;
  if (fields === null) return result;
  return Object.fromEntries(Object.entries(result).filter(([key]) => fields.has(key))) as Partial<T>;
}

/** Algolia's renderingContent: the facet ordering dynamicWidgets follow, and a fired rule's redirect. */
function renderingContent(merchandising: SearchPlan['merchandising']): { renderingContent: Record<string, unknown> } | undefined {
  const ordering = facetOrdering(merchandising?.facets ?? null);
  if (!ordering && !merchandising?.redirect) return undefined;
  return { renderingContent: { ...(ordering ? { facetOrdering: ordering } : {}), ...(merchandising?.redirect ? { redirect: { url: merchandising.redirect } } : {}) } };
}

/** The result as InstantSearch gets it: Algolia's shape, narrowed to `responseFields` when the request names them. */
export function toAlgoliaResult(query: InstantSearchQuery, plan: SearchPlan, outcome: SearchOutcome, processingTimeMS: number) {
  return withResponseFields(algoliaResultBody(query, plan, outcome, processingTimeMS), query);
}

/** Every field of the result (test/unit/algolia-typings.test.ts checks it against the official client's SearchResponse). */
export function algoliaResultBody(query: InstantSearchQuery, plan: SearchPlan, outcome: SearchOutcome, processingTimeMS: number) {
  const { response, facetsExhaustive } = outcome;
  const total = totalHits(response);
  const aggregations = (response.aggregations ?? {}) as Record<string, Aggregate>;
  const facets: Record<string, Record<string, number>> = {};
  plan.facets.forEach((facet, i) => {
    const buckets = termBuckets(aggregations[facetAggregationName(i)]);
    // sortFacetValuesBy "alpha": the same values (the most frequent), in alphabetical order.
    if (query.sortFacetValuesBy === 'alpha') buckets.sort((a, b) => a.value.localeCompare(b.value));
    facets[facet.name] = Object.fromEntries(buckets.map((b) => [b.value, b.count]));
  });
  const stats = pricePart(aggregations, 'stats');
  const facetsStats: Record<string, { min: number; max: number; avg: number; sum: number }> =
    plan.priceFacet && stats && stats.count > 0 ? { price: { min: stats.min ?? 0, max: stats.max ?? 0, avg: stats.avg ?? 0, sum: stats.sum } } : {};
  const reachable = query.hitsPerPage > 0 ? Math.floor(LIMITS.maxResultWindow / query.hitsPerPage) : 0;
  const correction = plan.didYouMean ? (plan.understanding?.correction ?? null) : null;
  const marks = plan.highlight ? highlightTerms(plan.understanding) : undefined;
  const merchandising = plan.merchandising;
  const userData = [...(merchandising?.userData ?? []), ...(correction ? [{ didYouMean: correction }] : [])];
  const pins = activePins(merchandising, plan.sort);
  const pinned = new Set(pins.map((pin) => pin.productId));
  const typos = plan.understanding?.words.filter((word) => word.corrected).length ?? 0;
  const first = query.offset ?? query.page * query.hitsPerPage;
  const message = ignoredMessage(query.ignored);
  const hits = placePins(
    response.hits.hits.map((hit) => {
      const product = toProductHit(hit._source as ProductSource);
      const marked = plan.highlight ? highlightName(product.name, marks, plan.highlight) : undefined;
      return {
        objectID: product.id,
        ...product,
        product_class: product.class,
        ...(query.highlightName ? { _highlightResult: { name: highlightResult(product.name, marked, query) } } : {}),
        ...(query.snippetName !== null
          ? { _snippetResult: { name: { value: snippet(marked ?? product.name, query.snippetName, query.snippetEllipsisText, query.highlightPreTag), matchLevel: highlightResult(product.name, marked, query).matchLevel } } }
          : {}),
        ...(query.getRankingInfo ? { _rankingInfo: rankingInfo(hit._score, marked, query, typos, pinned.has(product.id)) } : {}),
      };
    }),
    pins,
    query.offset !== undefined && query.offset !== 0 ? 1 : query.page,
  ).map((hit) => retrieved(hit, query));
  return {
    hits,
    nbHits: total,
    page: query.page,
    nbPages: query.hitsPerPage > 0 ? Math.min(Math.ceil(total / query.hitsPerPage), reachable) : 0,
    hitsPerPage: query.hitsPerPage,
    ...(query.offset !== undefined ? { offset: first, length: query.hitsPerPage } : {}),
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
    // Algolia's warnings field: the parameters this request used that we do not honour (parameters.ts).
    ...(message ? { message } : {}),
  };
}

/**
 * Algolia's `_rankingInfo`, from our own signals: `userScore` is our
 * relevance score, `promoted` a pin, `nbTypos` the query words corrected,
 * `words` the marked words of the name, `firstMatchedWord` the first of
 * them, `nbExactWords` those marked as typed; no geo (0).
 */
function rankingInfo(score: number | null | undefined, marked: string | undefined, query: InstantSearchQuery, typos: number, promoted: boolean) {
  const words = (marked ?? '').split(/\s+/).filter(Boolean);
  const matched = words.map((word, i) => ({ word, i })).filter(({ word }) => word.includes(query.highlightPreTag));
  const typed = new Set(query.query.toLowerCase().split(/\s+/).filter(Boolean));
  const plain = (word: string) => word.split(query.highlightPreTag).join('').split(query.highlightPostTag).join('').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  return {
    userScore: score ?? 0,
    promoted,
    nbTypos: typos,
    words: matched.length,
    firstMatchedWord: matched[0]?.i ?? 0,
    nbExactWords: matched.filter(({ word }) => typed.has(plain(word))).length,
    geoDistance: 0,
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
