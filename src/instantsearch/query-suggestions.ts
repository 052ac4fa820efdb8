/**
 * Pure: InstantSearch's query-suggestions index (`products_query_suggestions`)
 * over our learned suggestions (common/contract/analytics.ts): the request
 * as a prefix search of the suggestions, most searched first, and the answer
 * in the record shape of Algolia's Query Suggestions (query, popularity,
 * nb_words, products.exact_nb_hits, the category in facets.exact_matches),
 * so autocomplete plugins built for it render them unchanged.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { QuerySuggestion } from '../../common/contract/analytics.js';
import type { InstantSearchQuery } from './request.js';

export function querySuggestionsBody(query: InstantSearchQuery): estypes.SearchRequest {
  const typed = query.query.toLowerCase();
  return {
    from: query.page * query.hitsPerPage,
    size: query.hitsPerPage,
    track_total_hits: true,
    query: typed ? { prefix: { query_lower: typed } } : { match_all: {} },
    sort: [{ searches: 'desc' }, { query_lower: 'asc' }],
  };
}

export function toQuerySuggestionsResult(query: InstantSearchQuery, response: estypes.SearchResponse<QuerySuggestion> | undefined, processingTimeMS: number) {
  const total = typeof response?.hits.total === 'number' ? response.hits.total : (response?.hits.total?.value ?? 0);
  const typed = query.query.toLowerCase();
  const hits = (response?.hits.hits ?? []).flatMap((hit) => {
    const s = hit._source;
    if (!s) return [];
    const marked = typed && s.query.toLowerCase().startsWith(typed) ? `${query.highlightPreTag}${s.query.slice(0, typed.length)}${query.highlightPostTag}${s.query.slice(typed.length)}` : s.query;
    return [
      {
        objectID: s.normalized,
        query: s.query,
        popularity: s.searches,
        nb_words: s.query.split(/\s+/).filter(Boolean).length,
        products: { exact_nb_hits: Math.round(s.hits), facets: { exact_matches: { product_class: s.category ? [{ value: s.category, count: Math.round(s.hits) }] : [] }, analytics: {} } },
        _highlightResult: { query: { value: marked, matchLevel: (typed ? 'full' : 'none') as 'full' | 'none', matchedWords: typed ? [typed] : [], fullyHighlighted: typed === s.query.toLowerCase() } },
      },
    ];
  });
  return {
    hits,
    nbHits: total,
    page: query.page,
    nbPages: query.hitsPerPage > 0 ? Math.ceil(total / query.hitsPerPage) : 0,
    hitsPerPage: query.hitsPerPage,
    facets: {},
    facets_stats: {},
    exhaustiveNbHits: true as const,
    exhaustiveFacetsCount: true,
    exhaustive: { nbHits: true as const, facetsCount: true },
    processingTimeMS,
    query: query.query,
    params: query.paramsString,
    index: query.indexName,
  };
}
