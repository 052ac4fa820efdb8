/**
 * The query mix: the 480 real WANDS shopper queries as plain, filtered,
 * sorted, paged and price-ranged searches, autocomplete prefixes, and
 * InstantSearch multi-queries (a refined query plus its disjunctive facet
 * query). Each request is paired with the exact Elasticsearch request our
 * pure builders produce for it, so "direct" sends the same bodies straight to
 * Elasticsearch: the floor for the search path. (Every route is one
 * Elasticsearch round trip: there is no second, relaxed search any more.)
 */
import { readTsv } from '../eval/tsv.js';
import { buildInstantSearchBody } from '../src/instantsearch/plan.js';
import { parseMultiQueryBody } from '../src/instantsearch/request.js';
import { buildSearchBody } from '../src/search/search-body.js';
import { planSearch } from '../src/search/search-plan.js';
import { parseSearchParams } from '../src/search/search-request.js';
import { buildSuggestBody, parseSuggestParams } from '../src/search/suggest.js';
import { EMPTY_LEXICON, type Lexicon } from '../common/text/lexicon.js';
import { NO_SYNONYMS } from '../common/text/synonyms.js';

export type RequestKind = 'search' | 'filtered' | 'sorted' | 'paged' | 'price' | 'suggest' | 'instantsearch';

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface PairedRequest {
  kind: RequestKind;
  ours: HttpRequest;
  direct: HttpRequest;
}

const DEPARTMENTS = ['Furniture', 'Décor & Pillows', 'Outdoor', 'Home Improvement', 'Storage & Organization'];

function searchPair(alias: string, tenant: string, kind: RequestKind, params: URLSearchParams, lexicon: Lexicon): PairedRequest {
  const plan = planSearch(parseSearchParams(params), lexicon);
  const body = buildSearchBody(plan, NO_SYNONYMS);
  return {
    kind,
    ours: { method: 'GET', path: `/search?${params}`, headers: { 'x-tenant-id': tenant } },
    direct: { method: 'POST', path: `/${alias}/_search`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  };
}

/** `lexicon`: the tenant's, as the route reads it, so "direct" sends exactly the route's bodies. */
export function buildWorkload(queriesPath: string, alias: string, tenant: string, lexicon: Lexicon = EMPTY_LEXICON): PairedRequest[] {
  const rows = readTsv(queriesPath, ['query_id', 'query', 'query_class']);
  const pairs: PairedRequest[] = [];
  rows.forEach((row, i) => {
    const query = (row.query as string).slice(0, 200);
    const variant = i % 5;
    const params = new URLSearchParams({ q: query });
    if (variant === 1) params.set('department', DEPARTMENTS[i % DEPARTMENTS.length] as string);
    if (variant === 2) params.set('sort', 'price_asc');
    if (variant === 3) params.set('page', '2');
    if (variant === 4) {
      params.set('price_min', '50');
      params.set('price_max', '500');
    }
    const kinds: RequestKind[] = ['search', 'filtered', 'sorted', 'paged', 'price'];
    pairs.push(searchPair(alias, tenant, kinds[variant] as RequestKind, params, lexicon));

    // Autocomplete: what the shopper had typed a few letters in.
    const prefix = query.slice(0, 3 + (i % 4)).trim();
    if (prefix.length > 0) {
      const suggestParams = new URLSearchParams({ q: prefix });
      pairs.push({
        kind: 'suggest',
        ours: { method: 'GET', path: `/suggest?${suggestParams}`, headers: { 'x-tenant-id': tenant } },
        direct: {
          method: 'POST',
          path: `/${alias}/_search`,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(buildSuggestBody(parseSuggestParams(suggestParams))),
        },
      });
    }

    // InstantSearch: the refined query and its disjunctive facet query, one call.
    if (i % 3 === 0) {
      const facetFilters = row.query_class ? [[`product_class:${(row.query_class as string).split('|')[0]}`]] : [];
      const body = JSON.stringify({
        requests: [
          { indexName: 'products', params: { query, hitsPerPage: 12, facets: ['*'], facetFilters, highlightPreTag: '__ais-highlight__', highlightPostTag: '__/ais-highlight__' } },
          { indexName: 'products', params: { query, hitsPerPage: 0, facets: ['product_class'], page: 0 } },
        ],
      });
      const parsed = parseMultiQueryBody(body);
      const bodies = parsed.map((q) => buildInstantSearchBody(q, { synonyms: NO_SYNONYMS, lexicon }));
      const header = JSON.stringify({ index: alias });
      pairs.push({
        kind: 'instantsearch',
        ours: { method: 'POST', path: '/1/indexes/*/queries', headers: { 'x-tenant-id': tenant, 'content-type': 'application/json' }, body },
        direct: {
          method: 'POST',
          path: '/_msearch',
          headers: { 'content-type': 'application/x-ndjson' },
          body: `${bodies.map((b) => `${header}\n${JSON.stringify(b)}`).join('\n')}\n`,
        },
      });
    }
  });
  return pairs;
}

