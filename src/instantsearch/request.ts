/**
 * Pure: the body of `POST /1/indexes/*\/queries` (Algolia's multi-query
 * protocol, as InstantSearch.js and algoliasearch send it) → validated
 * queries. `params` may be a URL-encoded string (v3/v4 clients) or an object,
 * or the parameters may sit on the request itself (v5 clients). Parameters
 * we do not implement (analytics, presentation) are ignored, as widgets send
 * them freely; the ones we use are type- and range-checked.
 */
import { NUMERIC_FIELDS } from '../../common/contract/facets.js';
import { BadRequestError } from '../errors.js';
import { cleanText, checkPageWindow, LIMITS, type SortOrder } from '../search/search-request.js';
import { arrayFilters, facetClause, facetField, numericClause, parseFiltersString } from './filters.js';
import type { estypes } from '@elastic/elasticsearch';

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
  /** Set for a facet-value search (`type: "facet"`). */
  facetSearch?: { facet: string; facetQuery: string; maxFacetHits: number };
  /** The params as received, echoed back in `params`. */
  paramsString: string;
}

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

function parseOne(request: unknown, position: number): InstantSearchQuery {
  if (!request || typeof request !== 'object' || Array.isArray(request)) {
    throw new BadRequestError(`requests[${position}]`, 'each request must be an object with indexName and params');
  }
  const { indexName, params: rawParams, type, facet, facetQuery, maxFacetHits, ...inline } = request as Record<string, unknown>;
  if (typeof indexName !== 'string' || !Object.hasOwn(INDEX_NAMES, indexName)) {
    throw new BadRequestError('indexName', `"indexName" must be one of ${Object.keys(INDEX_NAMES).join(', ')}`);
  }
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

  const typed = stringParam(params, 'query', 1_000, '');
  const query = cleanText(typed);
  const typing = !/\s$/u.test(typed);
  if (query.length > LIMITS.queryLength) throw new BadRequestError('query', `"query" must be at most ${LIMITS.queryLength} characters`);
  const hitsPerPage = integerParam(params, 'hitsPerPage', 0, LIMITS.maxSize, LIMITS.defaultSize);
  const page = integerParam(params, 'page', 0, LIMITS.maxResultWindow, 0);
  if (hitsPerPage > 0) checkPageWindow(page, hitsPerPage, 'page');

  const filters: estypes.QueryDslQueryContainer[] = [];
  const facetFilters = arrayFilters(params.facetFilters, 'facetFilters', facetClause);
  const numericFilters = arrayFilters(params.numericFilters, 'numericFilters', numericClause);
  const filterString = parseFiltersString(stringParam(params, 'filters', 2_000, ''));
  for (const clause of [facetFilters, numericFilters, filterString]) if (clause) filters.push(clause);

  const result: InstantSearchQuery = {
    indexName,
    sort: INDEX_NAMES[indexName] as SortOrder,
    query,
    typing,
    page,
    hitsPerPage,
    facets: facetList(params),
    maxValuesPerFacet: integerParam(params, 'maxValuesPerFacet', 1, 100, 20),
    filters,
    highlightPreTag: stringParam(params, 'highlightPreTag', 50, DEFAULT_PRE_TAG),
    highlightPostTag: stringParam(params, 'highlightPostTag', 50, DEFAULT_POST_TAG),
    paramsString: paramsToString(params),
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

export function parseMultiQueryBody(body: string | undefined): InstantSearchQuery[] {
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
  return requests.map(parseOne);
}
