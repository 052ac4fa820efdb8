/**
 * Pure: InstantSearch queries → Elasticsearch search bodies. InstantSearch
 * does disjunctive faceting itself (one extra query per refined facet, with
 * that facet's refinement left out), so every filter here is conjunctive and
 * the whole multi-query goes to Elasticsearch together (search-strategy.ts).
 */
import type { estypes } from '@elastic/elasticsearch';
import { buildSearchBody, type SearchPlan } from '../search/search-body.js';
import type { SynonymIndex } from '../../common/text/synonyms.js';
import type { Lexicon } from '../../common/text/lexicon.js';
import type { Language } from '../../common/text/languages.js';
import { understandQuery, type QueryUnderstanding } from '../search/relevance.js';
import { NUMERIC_FIELDS } from '../../common/contract/facets.js';
import { facetField } from './filters.js';
import type { InstantSearchQuery } from './request.js';

/** `understanding`: what the query's text means (relevance.ts understandQuery), computed once per distinct text. */
export function planInstantSearch(query: InstantSearchQuery, understanding: QueryUnderstanding | undefined): SearchPlan {
  return {
    query: query.query,
    page: query.page,
    size: query.hitsPerPage,
    ...(query.offset !== undefined ? { offset: query.offset } : {}),
    sort: query.sort,
    filters: query.filters,
    refinements: [],
    // Numeric facets (price) get value counts too: InstantSearch reads their facets_stats only beside them.
    facets: query.facets.flatMap((name) => {
      const field = facetField(name) ?? (Object.hasOwn(NUMERIC_FIELDS, name) ? NUMERIC_FIELDS[name] : undefined);
      return field ? [{ name, field, size: query.maxValuesPerFacet }] : [];
    }),
    priceFacet: query.facets.includes('price'),
    // The name is marked for a highlight or a snippet (attributesToHighlight / attributesToSnippet).
    ...(query.highlightName || query.snippetName !== null ? { highlight: { preTag: query.highlightPreTag, postTag: query.highlightPostTag, escapeHtml: false } } : {}),
    // Only the query that shows hits asks for a correction (not the facet-count queries beside it).
    didYouMean: query.hitsPerPage > 0 && query.query.length > 0 && !query.facetSearch,
    understanding,
  };
}

/** Lucene regexp matching values with a word starting with `text`, case-insensitively. */
export function wordPrefixRegex(text: string): string {
  const pattern = [...text]
    .map((char) => {
      const lower = char.toLowerCase();
      const upper = char.toUpperCase();
      if (/[\p{L}\p{N}]/u.test(char)) return lower === upper ? char : `[${lower}${upper}]`;
      return `\\${char}`;
    })
    .join('');
  return pattern ? `(.*[^a-zA-Z0-9])?${pattern}.*` : '.*';
}

export const FACET_VALUES_AGGREGATION = 'facet_values';

/** What the query text means for a tenant: its synonyms and its catalog's lexicon. */
export interface TextContext {
  synonyms: SynonymIndex;
  lexicon: Lexicon;
  language?: Language;
}

export function buildInstantSearchBody(query: InstantSearchQuery, text: TextContext): estypes.SearchRequest {
  const plan = planInstantSearch(query, understandQuery(query.query, text.lexicon, text.language, text.synonyms, query.typing));
  return facetValueSearchBody(query, plan, text.synonyms) ?? buildSearchBody(plan, text.synonyms);
}

/** searchForFacetValues: the values of one facet with a word starting with the typed text (undefined for other queries). */
export function facetValueSearchBody(query: InstantSearchQuery, plan: SearchPlan, synonyms: SynonymIndex): estypes.SearchRequest | undefined {
  if (!query.facetSearch) return undefined;
  const { facet, facetQuery, maxFacetHits } = query.facetSearch;
  const body = buildSearchBody({ ...plan, page: 0, size: 0, facets: [], priceFacet: false, highlight: undefined }, synonyms);
  return {
    ...body,
    aggs: { [FACET_VALUES_AGGREGATION]: { terms: { field: facetField(facet) as string, size: maxFacetHits, include: wordPrefixRegex(facetQuery) } } },
  };
}
