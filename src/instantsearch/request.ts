/**
 * Pure: the body of `POST /1/indexes/*\/queries` (Algolia's multi-query
 * protocol, as InstantSearch.js and algoliasearch send it) → validated
 * queries. `params` may be a URL-encoded string (v3/v4 clients) or an object,
 * or the parameters may sit on the request itself (v5 clients). Every
 * parameter of Algolia's reference is honoured or reported (parameters.ts):
 * one we do not implement leaves the answer as it is and is named in the
 * result's `message`; the ones we use are type- and range-checked.
 */
import { NUMERIC_FIELDS } from '../../common/contract/facets.js';
import { BadRequestError, ForbiddenError } from '../errors.js';
import { indexAllowed, type KeyRestrictions } from '../auth/search-keys.js';
import { cleanText, checkPageWindow, LIMITS, type SortOrder } from '../search/search-request.js';
import { arrayFilters, facetClause, facetField, numericClause, parseFiltersString } from './filters.js';
import { ignoredParameters } from './parameters.js';
import { DEFAULT_TYPO_BUDGET, type TypoBudget } from '../search/relevance.js';
import type { SyntaxFeature } from '../search/advanced-syntax.js';
import { SEARCHABLE_ATTRIBUTES } from './restrict.js';
import type { estypes } from '@elastic/elasticsearch';

/** Algolia's name for the query-suggestions index of `products`: queries learned from searches (docs/analytics.md). */
export const QUERY_SUGGESTIONS_INDEX = 'products_query_suggestions';

/** InstantSearch `indexName` → sort. Sorting is chosen through replica index names, as in Algolia. */
export const INDEX_NAMES: Record<string, SortOrder> = {
  products: 'relevance',
  products_price_asc: 'price_asc',
  products_price_desc: 'price_desc',
  products_newest: 'newest',
  products_name_asc: 'name_asc',
};

export interface InstantSearchQuery {
  indexName: string;
  sort: SortOrder;
  query: string;
  /** InstantSearch sends a query per keystroke: the last word may be unfinished unless a space follows it (read before cleaning). */
  typing: boolean;
  page: number;
  hitsPerPage: number;
  /** Facet attributes to count (numeric ones get facets_stats). */
  facets: string[];
  maxValuesPerFacet: number;
  filters: estypes.QueryDslQueryContainer[];
  highlightPreTag: string;
  highlightPostTag: string;
  /** The query-suggestions index (`products_query_suggestions`, as Algolia names it): learned queries, not products. */
  querySuggestions?: boolean;
  /** Set for a facet-value search (`type: "facet"`). */
  facetSearch?: { facet: string; facetQuery: string; maxFacetHits: number };
  /** `offset`/`length` paging: the first hit's position, when given instead of a page. */
  offset?: number;
  /** attributesToRetrieve: the hit fields to return (null: all); `objectID` is always returned. */
  retrieve: { include: ReadonlySet<string> | null; exclude: ReadonlySet<string> };
  /** responseFields: the result fields to return (null: all). */
  responseFields: ReadonlySet<string> | null;
  /** Whether `name` is highlighted (attributesToHighlight) and snippeted (attributesToSnippet, in words). */
  highlightName: boolean;
  snippetName: number | null;
  snippetEllipsisText: string;
  sortFacetValuesBy: 'count' | 'alpha';
  getRankingInfo: boolean;
  /** synonyms=false, enableRules=false. */
  synonyms: boolean;
  enableRules: boolean;
  ruleContexts: string[];
  /** enableReRanking: click-aware ranking (default on, as Algolia's Dynamic Re-Ranking once enabled). */
  enableReRanking: boolean;
  /** typoTolerance and minWordSizefor1Typo / minWordSizefor2Typos. */
  typos: TypoTolerance;
  /** advancedSyntax (quoted phrases, -exclusions), with advancedSyntaxFeatures. */
  advancedSyntax: boolean;
  advancedSyntaxFeatures: SyntaxFeature[];
  /** restrictSearchableAttributes: the attributes a match must be in (null: all). */
  restrictSearchableAttributes: string[] | null;
  /** Analytics: record this search (analytics), return a queryID for events (clickAnalytics), its tags and shopper. */
  analytics: boolean;
  clickAnalytics: boolean;
  analyticsTags: string[];
  userToken: string | null;
  /** Parameters used that we do not honour (parameters.ts), for the result's `message`. */
  ignored: string[];
  /** The params as received, echoed back in `params`. */
  paramsString: string;
}

type TypoTolerance = TypoBudget;

/** The hit fields attributesToRetrieve may name (what toAlgoliaResult returns besides objectID). */
export const HIT_ATTRIBUTES = ['id', 'name', 'sku', 'price', 'currency', 'image', 'category', 'categoryPath', 'class', 'product_class', 'brand'] as const;
/** The result fields responseFields may name. */
export const RESULT_FIELDS = [
  'hits', 'nbHits', 'page', 'nbPages', 'hitsPerPage', 'offset', 'length', 'facets', 'facets_stats', 'exhaustiveNbHits', 'exhaustiveFacetsCount',
  'exhaustive', 'processingTimeMS', 'query', 'params', 'index', 'userData', 'appliedRules', 'renderingContent', 'message',
] as const;

const MAX_REQUESTS = 20;
const DEFAULT_PRE_TAG = '<em>';
const DEFAULT_POST_TAG = '</em>';

type Params = Record<string, unknown>;

/** A URL-encoded params string: values may themselves be JSON (arrays for facets and filters). */
function paramsFromString(text: string): Params {
  // Keys from the request: a null-prototype object, so "__proto__=…" is a parameter like any other, not a prototype.
  const params: Params = Object.create(null) as Params;
  for (const [key, value] of new URLSearchParams(text)) {
    if (/^[[{]/.test(value.trim())) {
      try {
        params[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON: keep it as the plain string
      }
    }
    params[key] = value;
  }
  return params;
}

function paramsToString(params: Params): string {
  return new URLSearchParams(
    Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  ).toString();
}

function integerParam(params: Params, name: string, min: number, max: number, fallback: number): number {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw new BadRequestError(name, `"${name}" must be a whole number from ${min} to ${max}`);
  return value;
}

/**
 * A count Algolia allows higher than we do (hitsPerPage and length up to 1,000, maxValuesPerFacet up to
 * 1,000): within Algolia's range it is answered at our most, and named in `clamped` for the result's message.
 */
function cappedParam(params: Params, name: string, min: number, ours: number, algolias: number, fallback: number, clamped: string[]): number {
  const value = integerParam(params, name, min, algolias, fallback);
  if (value <= ours) return value;
  clamped.push(`${name} (at most ${ours})`);
  return ours;
}

function stringParam(params: Params, name: string, maxLength: number, fallback: string): string {
  const raw = params[name];
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'string') throw new BadRequestError(name, `"${name}" must be a string`);
  if (raw.length > maxLength) throw new BadRequestError(name, `"${name}" must be at most ${maxLength} characters`);
  return raw;
}

function listParam(params: Params, name: string): string[] {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return [];
  const list = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : raw;
  if (!Array.isArray(list) || list.length > 50 || !list.every((item) => typeof item === 'string' && item.length <= 100)) {
    throw new BadRequestError(name, `"${name}" must be a list of at most 50 attribute names`);
  }
  return list as string[];
}

function booleanParam(params: Params, name: string, fallback: boolean): boolean {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (raw === true || raw === 'true' || raw === 1 || raw === '1') return true;
  if (raw === false || raw === 'false' || raw === 0 || raw === '0') return false;
  throw new BadRequestError(name, `"${name}" must be true or false`);
}

/** userToken, as Insights accepts it (stored hashed); any other is not recorded, and never fails the search. */
function userTokenParam(params: Params): string | null {
  const token = params.userToken;
  return typeof token === 'string' && /^[a-zA-Z0-9_=/+-]{1,129}$/.test(token) ? token : null;
}

/** attributesToRetrieve: `*` (all), names, and `-name` exclusions beside `*`. Unknown names are simply absent, as in Algolia. */
function retrieveParam(params: Params): InstantSearchQuery['retrieve'] {
  if (params.attributesToRetrieve === undefined || params.attributesToRetrieve === null) return { include: null, exclude: new Set() };
  const list = listParam(params, 'attributesToRetrieve');
  const exclude = new Set(list.filter((name) => name.startsWith('-')).map((name) => name.slice(1)));
  return { include: list.includes('*') ? null : new Set(list.filter((name) => !name.startsWith('-'))), exclude };
}

function responseFieldsParam(params: Params): ReadonlySet<string> | null {
  if (params.responseFields === undefined || params.responseFields === null) return null;
  const list = listParam(params, 'responseFields');
  return list.includes('*') ? null : new Set(list);
}

/** typoTolerance (true, false, "min", "strict") and the word lengths for one and two typos. */
function typoParams(params: Params): TypoTolerance {
  const raw = params.typoTolerance;
  if (raw !== undefined && raw !== null && raw !== '' && ![true, false, 'true', 'false', 'min', 'strict'].includes(raw as string | boolean)) {
    throw new BadRequestError('typoTolerance', '"typoTolerance" must be true, false, "min" or "strict"');
  }
  const oneTypo = integerParam(params, 'minWordSizefor1Typo', 1, 100, DEFAULT_TYPO_BUDGET.oneTypo);
  const twoTypos = integerParam(params, 'minWordSizefor2Typos', 1, 100, DEFAULT_TYPO_BUDGET.twoTypos);
  return { enabled: raw !== false && raw !== 'false', oneTypo, twoTypos: Math.max(oneTypo, twoTypos) };
}

/** Which attributes of a highlight or snippet list we can do (`name`), and the others, reported as ignored. */
function textAttributes(params: Params, name: 'attributesToHighlight' | 'attributesToSnippet'): { name: string | undefined; others: string[] } {
  if (params[name] === undefined || params[name] === null) return { name: name === 'attributesToHighlight' ? 'name' : undefined, others: [] };
  const list = listParam(params, name);
  const entries = list.map((entry) => ({ entry, attribute: entry.split(':')[0] as string }));
  const ours = entries.find((e) => e.attribute === 'name' || e.attribute === '*');
  return { name: ours?.entry, others: entries.filter((e) => e !== ours && e.attribute !== 'objectID').map((e) => `${name}:${e.attribute.slice(0, 50)}`) };
}

function facetList(params: Params): string[] {
  const requested = listParam(params, 'facets');
  if (requested.includes('*')) {
    return ['brand', 'category', 'department', 'product_class', 'hierarchicalCategories.lvl0', 'hierarchicalCategories.lvl1', 'hierarchicalCategories.lvl2', 'price'];
  }
  for (const facet of requested) {
    if (!facetField(facet) && !Object.hasOwn(NUMERIC_FIELDS, facet)) {
      throw new BadRequestError('facets', `cannot facet on "${facet.slice(0, 50)}"`);
    }
  }
  return [...new Set(requested)];
}

function parseOne(request: unknown, position: number, restrictions: KeyRestrictions | null): InstantSearchQuery {
  if (!request || typeof request !== 'object' || Array.isArray(request)) {
    throw new BadRequestError(`requests[${position}]`, 'each request must be an object with indexName and params');
  }
  const { indexName, params: rawParams, type, facet, facetQuery, maxFacetHits, ...inline } = request as Record<string, unknown>;
  const querySuggestions = indexName === QUERY_SUGGESTIONS_INDEX;
  if (typeof indexName !== 'string' || (!Object.hasOwn(INDEX_NAMES, indexName) && !querySuggestions)) {
    throw new BadRequestError('indexName', `"indexName" must be one of ${[...Object.keys(INDEX_NAMES), QUERY_SUGGESTIONS_INDEX].join(', ')}`);
  }
  if (restrictions && !indexAllowed(indexName, restrictions.restrictIndices)) throw new ForbiddenError(`This API key may not search "${indexName}" (restrictIndices)`);
  let params: Params;
  if (typeof rawParams === 'string') {
    if (rawParams.length > 16_384) throw new BadRequestError('params', '"params" must be at most 16384 characters');
    params = { ...inline, ...paramsFromString(rawParams) };
  } else if (rawParams === undefined || rawParams === null) {
    params = inline;
  } else if (typeof rawParams === 'object' && !Array.isArray(rawParams)) {
    params = { ...inline, ...(rawParams as Params) };
  } else {
    throw new BadRequestError('params', '"params" must be a URL-encoded string or an object');
  }
  // A secured key's parameters win over the request's; its filters are AND'ed with the request's.
  if (restrictions) params = { ...params, ...paramsFromString(new URLSearchParams(Object.entries(restrictions.params).filter(([name]) => name !== 'filters')).toString()) };

  const typed = stringParam(params, 'query', 1_000, '');
  const query = cleanText(typed);
  const typing = !/\s$/u.test(typed);
  if (query.length > LIMITS.queryLength) throw new BadRequestError('query', `"query" must be at most ${LIMITS.queryLength} characters`);
  const clamped: string[] = [];
  let hitsPerPage = cappedParam(params, 'hitsPerPage', 0, LIMITS.maxSize, 1_000, LIMITS.defaultSize, clamped);
  let page = integerParam(params, 'page', 0, LIMITS.maxResultWindow, 0);
  if (hitsPerPage > 0) checkPageWindow(page, hitsPerPage, 'page');
  // offset/length instead of page/hitsPerPage. As in Algolia, `length` counts only beside `offset`, and an
  // `offset` alone takes hitsPerPage hits.
  const hasOffset = params.offset !== undefined && params.offset !== null && params.offset !== '';
  let offset: number | undefined;
  if (hasOffset) {
    offset = integerParam(params, 'offset', 0, LIMITS.maxResultWindow, 0);
    hitsPerPage = cappedParam(params, 'length', 0, LIMITS.maxSize, 1_000, hitsPerPage, clamped);
    if (offset + hitsPerPage > LIMITS.maxResultWindow) throw new BadRequestError('offset', `offset + length must not exceed ${LIMITS.maxResultWindow}`);
    page = hitsPerPage > 0 ? Math.floor(offset / hitsPerPage) : 0;
  }
  const highlight = textAttributes(params, 'attributesToHighlight');
  const snippet = textAttributes(params, 'attributesToSnippet');
  const snippetWords = snippet.name === undefined ? null : Number(/:(\d{1,3})$/.exec(snippet.name)?.[1] ?? 10);
  const features = listParam(params, 'advancedSyntaxFeatures');
  if (features.some((f) => f !== 'exactPhrase' && f !== 'excludeWords')) throw new BadRequestError('advancedSyntaxFeatures', '"advancedSyntaxFeatures" lists "exactPhrase" and "excludeWords"');
  const restrict = params.restrictSearchableAttributes === undefined || params.restrictSearchableAttributes === null ? null : listParam(params, 'restrictSearchableAttributes');
  const sortFacetValuesBy = stringParam(params, 'sortFacetValuesBy', 10, 'count');
  if (sortFacetValuesBy !== 'count' && sortFacetValuesBy !== 'alpha') throw new BadRequestError('sortFacetValuesBy', '"sortFacetValuesBy" must be "count" or "alpha"');

  const filters: estypes.QueryDslQueryContainer[] = [];
  const facetFilters = arrayFilters(params.facetFilters, 'facetFilters', facetClause);
  const numericFilters = arrayFilters(params.numericFilters, 'numericFilters', numericClause);
  const filterString = parseFiltersString(stringParam(params, 'filters', 2_000, ''));
  for (const clause of [facetFilters, numericFilters, filterString, restrictions?.filter]) if (clause) filters.push(clause);

  const result: InstantSearchQuery = {
    indexName,
    sort: (INDEX_NAMES[indexName] ?? 'relevance') as SortOrder,
    ...(querySuggestions ? { querySuggestions: true } : {}),
    query,
    typing,
    page,
    hitsPerPage,
    facets: facetList(params),
    maxValuesPerFacet: cappedParam(params, 'maxValuesPerFacet', 1, 100, 1_000, 20, clamped),
    filters,
    highlightPreTag: stringParam(params, 'highlightPreTag', 50, DEFAULT_PRE_TAG),
    highlightPostTag: stringParam(params, 'highlightPostTag', 50, DEFAULT_POST_TAG),
    paramsString: paramsToString(params),
    ...(offset !== undefined ? { offset } : {}),
    retrieve: retrieveParam(params),
    responseFields: responseFieldsParam(params),
    highlightName: highlight.name !== undefined,
    snippetName: snippetWords === null ? null : Math.max(1, Math.min(snippetWords, 100)),
    snippetEllipsisText: stringParam(params, 'snippetEllipsisText', 20, '…'),
    sortFacetValuesBy,
    getRankingInfo: booleanParam(params, 'getRankingInfo', false),
    synonyms: booleanParam(params, 'synonyms', true),
    enableRules: booleanParam(params, 'enableRules', true),
    enableReRanking: booleanParam(params, 'enableReRanking', true),
    ruleContexts: listParam(params, 'ruleContexts'),
    typos: typoParams(params),
    analytics: booleanParam(params, 'analytics', true),
    clickAnalytics: booleanParam(params, 'clickAnalytics', false),
    analyticsTags: listParam(params, 'analyticsTags'),
    userToken: userTokenParam(params),
    advancedSyntax: booleanParam(params, 'advancedSyntax', false),
    advancedSyntaxFeatures: features.length > 0 ? (features as SyntaxFeature[]) : ['exactPhrase', 'excludeWords'],
    restrictSearchableAttributes: restrict && restrict.length > 0 ? restrict : null,
    ignored: [
      ...ignoredParameters(params),
      ...clamped,
      ...highlight.others,
      ...snippet.others,
      ...(restrict ?? []).filter((name) => !Object.hasOwn(SEARCHABLE_ATTRIBUTES, name)).map((name) => `restrictSearchableAttributes:${name.slice(0, 50)}`),
    ],
  };
  if (type === 'facet') {
    if (typeof facet !== 'string' || !facetField(facet)) throw new BadRequestError('facet', '"facet" must name a facet attribute');
    const text = facetQuery === undefined ? '' : facetQuery;
    if (typeof text !== 'string' || text.length > 100) throw new BadRequestError('facetQuery', '"facetQuery" must be a string of at most 100 characters');
    const hits = maxFacetHits === undefined ? 10 : maxFacetHits;
    if (typeof hits !== 'number' || !Number.isInteger(hits) || hits < 1 || hits > 100) {
      throw new BadRequestError('maxFacetHits', '"maxFacetHits" must be a whole number from 1 to 100');
    }
    result.facetSearch = { facet, facetQuery: cleanText(text), maxFacetHits: hits };
  } else if (type !== undefined && type !== 'default') {
    throw new BadRequestError('type', '"type" must be "default" or "facet"');
  }
  return result;
}

export function parseMultiQueryBody(body: string | undefined, restrictions: KeyRestrictions | null = null): InstantSearchQuery[] {
  if (!body) throw new BadRequestError('body', 'the body must be JSON {"requests": [...]}');
  if (body.length > 64 * 1024) throw new BadRequestError('body', 'the body must be at most 64 KiB');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequestError('body', 'the body is not valid JSON');
  }
  const requests = (parsed as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw new BadRequestError('requests', '"requests" must be a non-empty array');
  if (requests.length > MAX_REQUESTS) throw new BadRequestError('requests', `at most ${MAX_REQUESTS} requests per call`);
  return requests.map((request, i) => parseOne(request, i, restrictions));
}
