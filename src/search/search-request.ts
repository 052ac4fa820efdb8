/**
 * Pure: the query string of `GET /search` → a validated SearchRequest.
 * Every parameter is checked (type, length, allowed names and values); the
 * first problem becomes a BadRequestError naming the parameter.
 */
import { FILTER_NAMES, type FilterName } from '../../common/contract/facets.js';
import { BadRequestError } from '../errors.js';

export const SORT_ORDERS = ['relevance', 'price_asc', 'price_desc', 'newest', 'name_asc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface Filters {
  terms: Partial<Record<FilterName, string[]>>;
  /** attribute name → accepted values (`attr.color=green`). */
  attributes: Record<string, string[]>;
  priceMin?: number;
  priceMax?: number;
}

export interface SearchRequest {
  query: string;
  /** The last word may be unfinished (search as you type): no space follows it in the text as sent. */
  typing: boolean;
  /** 0-based. */
  page: number;
  size: number;
  sort: SortOrder;
  filters: Filters;
  highlight: { preTag: string; postTag: string; escapeHtml: boolean };
}

export const LIMITS = {
  queryLength: 200,
  maxSize: 100,
  defaultSize: 20,
  /** Elasticsearch's default max_result_window: deeper pages are refused, not silently truncated. */
  maxResultWindow: 10_000,
  filterValueLength: 200,
  valuesPerFilter: 20,
  attributeFilters: 10,
  maxPrice: 1e9,
} as const;

const ATTRIBUTE_NAME = /^[a-z0-9][a-z0-9_ -]{0,49}$/;
const KNOWN = new Set(['q', 'page', 'size', 'sort', 'price_min', 'price_max', ...FILTER_NAMES]);

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new BadRequestError(name, `"${name}" may be given once`);
  return values[0];
}

function integer(params: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = single(params, name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new BadRequestError(name, `"${name}" must be a whole number from ${min} to ${max}`);
  const value = Number(raw);
  if (value < min || value > max) throw new BadRequestError(name, `"${name}" must be a whole number from ${min} to ${max}`);
  return value;
}

function price(params: URLSearchParams, name: string): number | undefined {
  const raw = single(params, name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(raw) || Number(raw) > LIMITS.maxPrice) {
    throw new BadRequestError(name, `"${name}" must be a non-negative amount such as 25 or 19.99`);
  }
  return Number(raw);
}

/** Control characters never carry meaning in a search box; they are dropped, not rejected. */
export function cleanText(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();
}

function filterValues(params: URLSearchParams, name: string): string[] | undefined {
  const values = params
    .getAll(name)
    .map(cleanText)
    .filter((value) => value.length > 0);
  if (values.length === 0) return undefined;
  if (values.length > LIMITS.valuesPerFilter) {
    throw new BadRequestError(name, `"${name}" accepts at most ${LIMITS.valuesPerFilter} values`);
  }
  for (const value of values) {
    if (value.length > LIMITS.filterValueLength) {
      throw new BadRequestError(name, `"${name}" values must be at most ${LIMITS.filterValueLength} characters`);
    }
  }
  return [...new Set(values)];
}

export function checkPageWindow(page: number, size: number, parameter: string): void {
  if ((page + 1) * size > LIMITS.maxResultWindow) {
    throw new BadRequestError(parameter, `page × size must not exceed ${LIMITS.maxResultWindow}; narrow the search instead of paging deeper`);
  }
}

export function parseSearchParams(params: URLSearchParams): SearchRequest {
  for (const name of new Set(params.keys())) {
    if (!KNOWN.has(name) && !name.startsWith('attr.')) {
      throw new BadRequestError(name, `unknown parameter "${name.slice(0, 50)}"; see the API reference for the accepted parameters`);
    }
  }
  const typed = single(params, 'q') ?? '';
  const query = cleanText(typed);
  // Read before cleaning trims it: a space after the last word says the shopper finished it.
  const typing = !/\s$/u.test(typed);
  if (query.length > LIMITS.queryLength) throw new BadRequestError('q', `"q" must be at most ${LIMITS.queryLength} characters`);

  const page = integer(params, 'page', 1, LIMITS.maxResultWindow, 1) - 1;
  const size = integer(params, 'size', 1, LIMITS.maxSize, LIMITS.defaultSize);
  checkPageWindow(page, size, 'page');

  const sortRaw = single(params, 'sort') ?? 'relevance';
  if (!(SORT_ORDERS as readonly string[]).includes(sortRaw)) {
    throw new BadRequestError('sort', `"sort" must be one of ${SORT_ORDERS.join(', ')}`);
  }

  const terms: Filters['terms'] = {};
  for (const name of FILTER_NAMES) {
    const values = filterValues(params, name);
    if (values) terms[name] = values;
  }
  // Names from the query string: a null-prototype object, so no name reaches Object.prototype.
  const attributes: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const name of new Set(params.keys())) {
    if (!name.startsWith('attr.')) continue;
    const attribute = name.slice(5);
    if (!ATTRIBUTE_NAME.test(attribute)) {
      throw new BadRequestError(name, 'attribute filters look like attr.<name>=<value>, name of a-z, 0-9, space, "_" or "-"');
    }
    const values = filterValues(params, name);
    if (values) attributes[attribute] = values;
  }
  if (Object.keys(attributes).length > LIMITS.attributeFilters) {
    throw new BadRequestError('attr', `at most ${LIMITS.attributeFilters} attribute filters`);
  }
  const priceMin = price(params, 'price_min');
  const priceMax = price(params, 'price_max');
  if (priceMin !== undefined && priceMax !== undefined && priceMin > priceMax) {
    throw new BadRequestError('price_min', '"price_min" must not be greater than "price_max"');
  }
  return {
    query,
    typing,
    page,
    size,
    sort: sortRaw as SortOrder,
    filters: {
      terms,
      attributes,
      ...(priceMin !== undefined ? { priceMin } : {}),
      ...(priceMax !== undefined ? { priceMax } : {}),
    },
    highlight: { preTag: '<mark>', postTag: '</mark>', escapeHtml: true },
  };
}
