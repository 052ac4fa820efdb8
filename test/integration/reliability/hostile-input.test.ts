/**
 * Hostile input, property-based (fast-check), straight into the Lambda
 * handler against the real Elasticsearch: huge strings, control characters
 * and odd Unicode, JSON and query-DSL fragments, negative and huge numbers,
 * unknown parameters, malformed InstantSearch bodies, odd tenants and paths.
 * Whatever comes in: never a 5xx, errors always in the documented shape,
 * never Elasticsearch's own error text. 10,000+ inputs in all.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { loadWandsProducts } from '../../../local/commerce-api/seed.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';

import { DATA_FILES } from '../../../data/files.js';

const WANDS = DATA_FILES.sampleCatalog;

let stack: SearchStack;
beforeAll(async () => {
  stack = await startSearchStack({ tenants: { demo: loadWandsProducts(WANDS).slice(0, 1500) } });
}, 120_000);
afterAll(() => stack?.close());

const ERROR_CODES = new Set(['invalid_parameter', 'missing_tenant', 'unknown_tenant', 'not_found', 'method_not_allowed', 'unavailable']);
const LEAKS = /exception|elasticsearch|lucene|\bat .+\(.*:\d+|stack|ECONN|search_phase|parsing_exception|illegal_argument/i;

function event(method: string, path: string, query: string, headers: Record<string, string>, body?: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers,
    requestContext: { http: { method, path }, requestId: 'fuzz' },
    isBase64Encoded: false,
    ...(body !== undefined ? { body } : {}),
  } as unknown as APIGatewayProxyEventV2;
}

/** The documented contract for any response. */
function checkResponse(response: APIGatewayProxyStructuredResultV2, method = 'GET'): void {
  const status = response.statusCode ?? 0;
  expect(status).toBeLessThan(500);
  if (method === 'HEAD') {
    expect(response.body ?? '').toBe(''); // headers only, errors included
    return;
  }
  if (status === 304 || status === 204) return;
  const body = JSON.parse(response.body ?? '');
  if (status >= 400) {
    expect(Object.keys(body)).toEqual(['error']);
    expect(ERROR_CODES.has(body.error.code)).toBe(true);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.requestId).toBe('fuzz');
    expect(body.error.message).not.toMatch(LEAKS);
  }
}

// Text that tends to break things: control characters, odd Unicode, JSON and query syntax, huge strings.
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u001f', '\u202e', '\ufeff', '\ud800', '😀', 'ß', 'İ', '̈', '"', '\\', '*', '?', '~', '(', ')', '[', ']', '{', '}', ':', '/', '^', ' ', 'a', 'é'), maxLength: 80 }),
  fc.constantFrom('{"query":{"match_all":{}}}', '*:*', 'name:* OR 1=1', '" OR ""="', '<script>alert(1)</script>', '../../etc/passwd', '${jndi:ldap://x}', '%00', 'NaN', 'Infinity', '-0', '1e308', '-1', '99999999999999999999', '[object Object]', 'AND OR NOT', 'x'.repeat(5_000)),
  fc.json({ maxDepth: 3 }),
  fc.integer().map(String),
  fc.double().map(String),
);

const paramName = fc.oneof(
  fc.constantFrom('q', 'page', 'size', 'sort', 'department', 'category', 'path', 'class', 'brand', 'price_min', 'price_max', 'attr.color', 'attr.', 'attr.Ünï', 'x-algolia-application-id'),
  fc.string({ maxLength: 12 }),
);

/** Percent-encoding that survives lone surrogates (encoded as their UTF-8 replacement). */
const encode = (text: string) => encodeURIComponent(text.toWellFormed());

const queryString = fc.oneof(
  fc.array(fc.tuple(paramName, nasty), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')),
  // Raw, possibly malformed query strings: stray %, bare keys, repeated separators.
  fc.array(fc.oneof(nasty, fc.constantFrom('%', '%zz', '%00', '&', '=', '==', 'q', 'q=', 'size=1e3', 'page=-1', 'attr.=x')), { maxLength: 8 }).map((parts) => parts.join('')),
);

const tenantHeaders = fc.oneof(
  fc.constant<Record<string, string>>({ 'x-tenant-id': 'demo' }),
  fc.constant<Record<string, string>>({}),
  nasty.map((t) => ({ 'x-tenant-id': t })),
  nasty.map((t) => ({ 'x-algolia-application-id': t })),
  fc.constant<Record<string, string>>({ 'x-tenant-id': 'DEMO ' }),
);

const algoliaParams = fc.oneof(
  nasty,
  fc.dictionary(
    fc.constantFrom('query', 'page', 'hitsPerPage', 'facets', 'facetFilters', 'numericFilters', 'filters', 'maxValuesPerFacet', 'highlightPreTag', 'highlightPostTag', 'unknownThing'),
    fc.oneof(nasty, fc.array(fc.oneof(nasty, fc.array(nasty, { maxLength: 3 })), { maxLength: 4 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
    { maxKeys: 6 },
  ),
);

const algoliaRequest = fc.record(
  {
    indexName: fc.oneof(fc.constantFrom('products', 'products_price_asc', 'products_newest'), nasty),
    params: algoliaParams,
    type: fc.constantFrom('default', 'facet', undefined, 'other'),
    facet: fc.oneof(fc.constantFrom('brand', 'product_class', 'category'), nasty),
    facetQuery: nasty,
    maxFacetHits: fc.oneof(fc.integer(), fc.double()),
  },
  { requiredKeys: ['indexName'] },
);

const algoliaBody = fc.oneof(
  fc.record({ requests: fc.array(algoliaRequest, { maxLength: 4 }) }).map((b) => JSON.stringify(b)),
  fc.json({ maxDepth: 4 }),
  nasty,
  fc.constant('{"requests":' + '['.repeat(5_000)),
);

const RUNS = 2_500;

test(`GET /search with ${RUNS} hostile query strings and tenants`, async () => {
  await fc.assert(
    fc.asyncProperty(queryString, tenantHeaders, async (query, headers) => {
      checkResponse(await stack.handler(event('GET', '/search', query, headers)));
    }),
    { numRuns: RUNS },
  );
}, 300_000);

test(`GET /suggest with ${RUNS} hostile query strings and tenants`, async () => {
  await fc.assert(
    fc.asyncProperty(queryString, tenantHeaders, async (query, headers) => {
      checkResponse(await stack.handler(event('GET', '/suggest', query, headers)));
    }),
    { numRuns: RUNS },
  );
}, 300_000);

test(`POST /1/indexes/*/queries with ${RUNS} hostile bodies`, async () => {
  await fc.assert(
    fc.asyncProperty(algoliaBody, tenantHeaders, async (body, headers) => {
      checkResponse(await stack.handler(event('POST', '/1/indexes/*/queries', '', { ...headers, 'content-type': 'application/json' }, body)));
    }),
    { numRuns: RUNS },
  );
}, 300_000);

test(`${RUNS} hostile methods and paths`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE'), fc.oneof(fc.constantFrom('/search', '/suggest', '/1/indexes/x/queries', '/health', '/', '//search', '/search/'), nasty.map((p) => `/${p}`)), queryString, tenantHeaders, async (method, path, query, headers) => {
      checkResponse(await stack.handler(event(method, path, query, headers, method === 'POST' ? '{}' : undefined)), method);
    }),
    { numRuns: RUNS },
  );
}, 300_000);
