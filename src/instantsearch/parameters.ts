/**
 * Every search parameter of Algolia's reference (the official client's
 * SearchParamsObject: test/unit/algolia-parameters.test.ts checks we list
 * them all), and what our InstantSearch route does with it: honoured,
 * honoured with a difference, or unsupported. The compatibility table in
 * docs/algolia-compatibility.md is generated from this (npm run docs:algolia).
 *
 * A request that uses an unsupported parameter (present, and not at its
 * Algolia default, so `tagFilters=` as InstantSearch always sends it is not
 * "used") still answers; its result's `message` and a response header name
 * what was ignored (request.ts, routes.ts).
 */
export type Support = 'honoured' | 'differs' | 'unsupported';

export interface ParameterSupport {
  support: Support;
  /** What differs, or why it is unsupported. */
  note?: string;
  /** Values that mean "not used" (Algolia's default), for an unsupported parameter: sending them is not reported. */
  inert?: readonly unknown[];
}

const honoured = (note?: string): ParameterSupport => ({ support: 'honoured', ...(note ? { note } : {}) });
const differs = (note: string): ParameterSupport => ({ support: 'differs', note });
const unsupported = (note: string, inert: readonly unknown[] = []): ParameterSupport => ({ support: 'unsupported', note, inert });

const EMPTY = ['', null, '[]'];
const NO_GEO = 'products carry no coordinates';

export const ALGOLIA_SEARCH_PARAMETERS: ReadonlyMap<string, ParameterSupport> = new Map<string, ParameterSupport>([
  // Search
  ['query', honoured('read through the tenant\'s language normaliser: inflections, compounds, typos against the catalog\'s words')],
  ['similarQuery', unsupported('no "similar" query mode', EMPTY)],
  // Attributes
  ['attributesToRetrieve', honoured('`*`, `-attribute` exclusions and attribute names; `objectID` always')],
  ['restrictSearchableAttributes', differs('name, brand, product_class, category, description: a match must be in one of them; ranking still weighs every field. Other names are reported in `message`')],
  // Filtering
  ['filters', differs('facet and numeric conditions with AND, OR, NOT and parentheses; no tag filters')],
  ['facetFilters', honoured()],
  ['optionalFilters', unsupported('use a merchandising boost rule instead', EMPTY)],
  ['numericFilters', honoured()],
  ['tagFilters', unsupported('products carry no _tags', EMPTY)],
  ['sumOrFiltersScores', unsupported('filters do not score', [false, 'false', ...EMPTY])],
  // Faceting
  ['facets', honoured('brand, category, department, product_class, hierarchicalCategories.lvl0-2, price, attributes.<name>')],
  ['maxValuesPerFacet', differs('1-100; up to Algolia\'s 1,000 is answered with 100, and said so in `message`')],
  ['facetingAfterDistinct', differs('every product is one record, so facets always count distinct products')],
  ['sortFacetValuesBy', honoured('count or alpha')],
  // Highlighting and snippeting
  ['attributesToHighlight', differs('`name` is the highlighted attribute; others are reported in `message`')],
  ['attributesToSnippet', differs('`name` (`name:N` words); others are reported in `message`')],
  ['highlightPreTag', honoured()],
  ['highlightPostTag', honoured()],
  ['snippetEllipsisText', honoured()],
  ['restrictHighlightAndSnippetArrays', differs('no array attribute is highlighted')],
  // Pagination
  ['page', honoured()],
  ['hitsPerPage', differs('0-100; up to Algolia\'s 1,000 is answered with 100, and said so in `message`')],
  ['offset', honoured('instead of page: the first hit\'s position; with `length`, or hitsPerPage hits')],
  ['length', honoured('beside `offset` (alone it changes nothing, as in Algolia); 0-100, up to 1,000 answered with 100 and said so in `message`')],
  // Typos
  ['minWordSizefor1Typo', honoured('default 4')],
  ['minWordSizefor2Typos', honoured('default 8')],
  ['typoTolerance', differs('true, false, "min" and "strict"; typos are only ever tried for words the catalog lacks, so "min" and "strict" read as true')],
  ['allowTyposOnNumericTokens', differs('numbers never get typos')],
  ['disableTypoToleranceOnAttributes', unsupported('typo tolerance is per query, not per attribute', EMPTY)],
  // Geo
  ['aroundLatLng', unsupported(NO_GEO, EMPTY)],
  ['aroundLatLngViaIP', unsupported(NO_GEO, [false, 'false', ...EMPTY])],
  ['aroundRadius', unsupported(NO_GEO, EMPTY)],
  ['aroundPrecision', unsupported(NO_GEO, EMPTY)],
  ['minimumAroundRadius', unsupported(NO_GEO, EMPTY)],
  ['insideBoundingBox', unsupported(NO_GEO, EMPTY)],
  ['insidePolygon', unsupported(NO_GEO, EMPTY)],
  // Languages
  ['naturalLanguages', unsupported('no natural-language mode', EMPTY)],
  ['ignorePlurals', differs('plurals and inflections are always folded, in the tenant\'s language')],
  ['removeStopWords', differs('stop words of the tenant\'s language are always optional')],
  ['queryLanguages', differs('the tenant\'s language (TENANT_LANGUAGES) decides')],
  ['decompoundQuery', differs('Finnish and Swedish compounds are always read')],
  // Rules
  ['enableRules', honoured('false: the merchant\'s rules do not apply')],
  ['ruleContexts', honoured('rules with `condition.contexts` fire on any of them')],
  // Personalization
  ['enablePersonalization', unsupported('no personalization', [false, 'false', ...EMPTY])],
  ['personalizationImpact', unsupported('no personalization', EMPTY)],
  ['userToken', differs('recorded with the search, hashed (docs/analytics.md); no personalization')],
  // Query strategy
  ['queryType', differs('"prefixLast" (the default) while typing; "prefixAll" and "prefixNone" read as it')],
  ['removeWordsIfNoResults', differs('a query whose words do not all match still finds the products matching most of them, ranked first by how many')],
  ['mode', unsupported('keyword search only', ['keywordSearch', ...EMPTY])],
  ['semanticSearch', unsupported('keyword search only', EMPTY)],
  ['advancedSyntax', honoured('"quoted phrases" (in one field, in order, inflections alike) and -exclusions; /search reads the same syntax always')],
  ['optionalWords', differs('every word is optional already: products matching more of them rank first')],
  ['disableExactOnAttributes', unsupported('exactness is not a separate criterion', EMPTY)],
  ['exactOnSingleWordQuery', unsupported('exactness is not a separate criterion', ['attribute', ...EMPTY])],
  ['alternativesAsExact', unsupported('exactness is not a separate criterion', EMPTY)],
  ['advancedSyntaxFeatures', honoured('exactPhrase, excludeWords')],
  // Advanced
  ['distinct', differs('every product is one record: results are always distinct')],
  ['getRankingInfo', honoured('`_rankingInfo` with our own signals: score, promoted (pinned), position')],
  ['synonyms', honoured('false: neither the deployment\'s nor the merchant\'s synonyms apply')],
  ['clickAnalytics', honoured('a queryID per result, which Insights events (POST /1/events) refer to')],
  ['analytics', honoured('false: the search is not recorded')],
  ['analyticsTags', honoured('recorded with the search (up to 10)')],
  ['percentileComputation', differs('every recorded search counts in the latency percentiles of the overview report')],
  ['enableABTest', unsupported('no A/B tests', [false, 'false', true, 'true', ...EMPTY])],
  ['replaceSynonymsInHighlight', differs('the shopper\'s own words are highlighted, never replaced')],
  ['minProximity', unsupported('proximity is not a separate criterion', EMPTY)],
  ['responseFields', honoured('`*` or a list of result fields')],
  ['attributeCriteriaComputedByMinProximity', unsupported('proximity is not a separate criterion', [false, 'false', ...EMPTY])],
  ['attributeCriteriaComputedBy', unsupported('attribute order is not a separate criterion', EMPTY)],
  ['ranking', unsupported('an index setting: use the merchandising ranking knobs', EMPTY)],
  ['relevancyStrictness', unsupported('no relevancy threshold', [100, '100', ...EMPTY])],
  ['renderingContent', differs('set by the merchant\'s facet order and rules, returned in results; not a request parameter')],
  ['enableReRanking', honoured('false: click-aware ranking (learned from Insights clicks and conversions) does not apply')],
  ['reRankingApplyFilter', unsupported('click-aware ranking applies to every search of a query', EMPTY)],
  // The facet-value search's own (type "facet")
  ['facetQuery', honoured()],
  ['maxFacetHits', honoured('1-100')],
]);

/** Parameters of the multi-query envelope, not of the search. */
export const ENVELOPE_PARAMETERS = new Set(['indexName', 'params', 'type', 'facet']);

const isInert = (value: unknown, inert: readonly unknown[]) =>
  inert.some((empty) => empty === value || (Array.isArray(value) && value.length === 0 && empty === '[]'));

/**
 * The parameters a request uses that we do not honour: unsupported ones away
 * from their default, and names outside the reference. Sorted, once each.
 */
export function ignoredParameters(params: Readonly<Record<string, unknown>>): string[] {
  const ignored = new Set<string>();
  for (const [name, value] of Object.entries(params)) {
    if (ENVELOPE_PARAMETERS.has(name)) continue;
    const support = ALGOLIA_SEARCH_PARAMETERS.get(name);
    if (!support) ignored.add(name.slice(0, 60));
    else if (support.support === 'unsupported' && !isInert(value, support.inert ?? [])) ignored.add(name);
  }
  return [...ignored].sort();
}

/** Algolia's `message` for a result whose request used parameters we ignored. */
export function ignoredMessage(ignored: readonly string[]): string | undefined {
  return ignored.length > 0 ? `Unsupported parameters ignored: ${ignored.join(', ')} (see docs/algolia-compatibility.md)` : undefined;
}
