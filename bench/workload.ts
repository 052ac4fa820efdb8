/**
 * The query mix: the 480 real WANDS shopper queries as plain, filtered,
 * sorted, paged and price-ranged searches, autocomplete prefixes, and
 * InstantSearch multi-queries (a refined query plus its disjunctive facet
 * query). Each request is paired with the exact Elasticsearch request our
 * pure builders produce for it, so "direct" sends the same bodies straight to
 * Elasticsearch: the floor for the search path.
 */
import { readTsv } from '../eval/tsv.js';
import { buildInstantSearchBody } from '../src/instantsearch/plan.js';
import { parseMultiQueryBody } from '../src/instantsearch/request.js';
import { buildSearchBody } from '../src/search/search-body.js';
import { planSearch } from '../src/search/search-plan.js';
import { parseSearchParams } from '../src/search/search-request.js';
import { buildSuggestBody, parseSuggestParams } from '../src/search/suggest.js';
import { canRelax } from '../src/search/relevance.js';
import { totalHits } from '../src/search/search-response.js';
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
  /** For searches our route retries relaxed when empty: the strict and relaxed bodies (per sub-query). */
  retry?: { strict: object[]; relaxed: object[] };
}

const DEPARTMENTS = ['Furniture', 'Décor & Pillows', 'Outdoor', 'Home Improvement', 'Storage & Organization'];

function searchPair(alias: string, tenant: string, kind: RequestKind, params: URLSearchParams): PairedRequest {
  const request = parseSearchParams(params);
  const plan = planSearch(request);
  const body = buildSearchBody(plan, NO_SYNONYMS);
  return {
    kind,
    ours: { method: 'GET', path: `/search?${params}`, headers: { 'x-tenant-id': tenant } },
    direct: { method: 'POST', path: `/${alias}/_search`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    ...(canRelax(request.query) ? { retry: { strict: [body], relaxed: [buildSearchBody({ ...plan, relaxed: true }, NO_SYNONYMS)] } } : {}),
  };
}

/**
 * Our route retries an empty search with fewer required words: a second
 * Elasticsearch search. So that "direct" sends the same bodies, a request
 * whose strict search comes back empty is sent directly as one _msearch of
 * its strict and relaxed bodies. Returns how many requests retry.
 */
export async function matchRetries(pairs: PairedRequest[], elasticsearchUrl: string, alias: string): Promise<number> {
  let retrying = 0;
  const header = JSON.stringify({ index: alias });
  for (const pair of pairs) {
    if (!pair.retry) continue;
    const ndjson = (bodies: object[]) => `${bodies.map((b) => `${header}\n${JSON.stringify(b)}`).join('\n')}\n`;
    const response = await fetch(`${elasticsearchUrl}/_msearch`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: ndjson(pair.retry.strict) });
    const { responses } = (await response.json()) as { responses: Array<{ hits?: { total?: number | { value: number } } }> };
    const empty = pair.retry.relaxed.filter((_, i) => totalHits(responses[i] ?? {}) === 0);
    if (empty.length === 0) continue;
    retrying += 1;
    pair.direct = { method: 'POST', path: '/_msearch', headers: { 'content-type': 'application/x-ndjson' }, body: ndjson([...pair.retry.strict, ...empty]) };
  }
  return retrying;
}

export function buildWorkload(queriesPath: string, alias: string, tenant: string): PairedRequest[] {
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
    pairs.push(searchPair(alias, tenant, kinds[variant] as RequestKind, params));

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
      const bodies = parsed.map((q) => buildInstantSearchBody(q, NO_SYNONYMS));
      const header = JSON.stringify({ index: alias });
      pairs.push({
        ...(canRelax(query) ? { retry: { strict: bodies, relaxed: parsed.map((q) => buildInstantSearchBody(q, NO_SYNONYMS, true)) } } : {}),
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
