/**
 * No request for tenant A returns tenant B's data, on every route (search,
 * suggest, InstantSearch hits, facets and facet values, status), and a
 * missing or unknown tenant is refused everywhere.
 */
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';

let stack: SearchStack;
const shop = (tenant: string, marker: string, brand: string) =>
  Array.from({ length: 12 }, (_, i) => product(i + 1, { name: `${marker} sofa ${i}`, brand, productClass: [`${marker} Sofas`], categoryPath: [`${marker} Furniture`, 'Sofas'] }));

beforeAll(async () => {
  stack = await startSearchStack({ tenants: { alpha: shop('alpha', 'alphamark', 'AlphaBrand'), beta: shop('beta', 'betamark', 'BetaBrand') }, storefront: true });
}, 120_000);
afterAll(() => stack?.close());

const MARKERS = { alpha: /alphamark|AlphaBrand/i, beta: /betamark|BetaBrand/i };

async function everyRoute(tenant: 'alpha' | 'beta', headers: Record<string, string>) {
  const requests: Array<{ path: string; body?: unknown }> = [
    { path: '/search?q=sofa&size=100' },
    { path: '/search?q=alphamark%20betamark%20sofa&size=100' },
    { path: '/suggest?q=alp' },
    { path: '/suggest?q=bet' },
    { path: '/1/indexes/*/queries', body: { requests: [{ indexName: 'products', params: { query: 'sofa', facets: ['*'], hitsPerPage: 100 } }] } },
    { path: '/1/indexes/*/queries', body: { requests: [{ indexName: 'products', type: 'facet', facet: 'brand', facetQuery: '' }, { indexName: 'products', type: 'facet', facet: 'product_class', facetQuery: 'mark' }] } },
    { path: '/status' },
  ];
  const texts: string[] = [];
  for (const { path, body } of requests) {
    const response = await stack.request(path, { tenant: null, headers, ...(body ? { body } : {}) });
    expect(response.status).toBe(200);
    // The request's own words are echoed back (query, params): only the data in the answer counts.
    texts.push((await response.text()).replace(/"(query|params)":"(?:[^"\\]|\\.)*"/g, ''));
  }
  const other = tenant === 'alpha' ? 'beta' : 'alpha';
  for (const text of texts) expect(text).not.toMatch(MARKERS[other]);
  expect(texts.join('\n')).toMatch(MARKERS[tenant]); // and the tenant's own data is there
}

test.each(['alpha', 'beta'] as const)('tenant %s sees only its own products on every route', async (tenant) => {
  await everyRoute(tenant, { 'x-tenant-id': tenant });
});

test('InstantSearch selects the tenant by Algolia application id too', async () => {
  const response = await stack.json('/1/indexes/*/queries', {
    tenant: null,
    headers: { 'x-algolia-application-id': 'beta' },
    body: { requests: [{ indexName: 'products', params: { query: 'sofa', facets: ['brand'] } }] },
  });
  expect(response.body.results[0].facets.brand).toEqual({ BetaBrand: 12 });
});

test.each([
  ['missing', {}, 400],
  ['unknown', { 'x-tenant-id': 'gamma' }, 404],
  ['another casing of a real one plus junk', { 'x-tenant-id': 'alpha;beta' }, 404],
] as const)('a %s tenant is refused on every route', async (_name, headers, status) => {
  for (const { path, body } of [
    { path: '/search?q=sofa' },
    { path: '/suggest?q=so' },
    { path: '/1/indexes/*/queries', body: { requests: [{ indexName: 'products' }] } },
    { path: '/status' },
  ]) {
    const response = await stack.json(path, { tenant: null, headers, ...(body ? { body } : {}) });
    expect(response.status).toBe(status);
    expect(JSON.stringify(response.body)).not.toMatch(/alphamark|betamark/i);
  }
});
