/**
 * The InstantSearch endpoint driven by the official Algolia client, pointed at
 * our server: what storefront widgets send is what is tested.
 */
import { liteClient } from 'algoliasearch/lite';
import { loadWandsProducts } from '../../../local/commerce-api/seed.js';
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';

import { DATA_FILES } from '../../../data/files.js';

const WANDS = DATA_FILES.sampleCatalog;

let stack: SearchStack;
let client: ReturnType<typeof liteClient>;

type Hit = { objectID: string; name: string; price: number; product_class: string[]; brand: string | null; _highlightResult: { name: { value: string; matchLevel: string } } };
type Result = { hits: Hit[]; nbHits: number; nbPages: number; page: number; hitsPerPage: number; facets: Record<string, Record<string, number>>; facets_stats: Record<string, { min: number; max: number }>; query: string };

beforeAll(async () => {
  stack = await startSearchStack({
    tenants: {
      demo: loadWandsProducts(WANDS).slice(0, 3000),
      other: [product(1, { name: 'other shop exclusive sofa', brand: 'OtherBrand' })],
    },
  });
  const { host, protocol } = new URL(stack.url);
  // The Algolia application id names the tenant; the API key is not used by this endpoint.
  client = liteClient('demo', 'search-only-key', { hosts: [{ url: host, protocol: protocol.replace(':', '') as 'http', accept: 'readWrite' }] });
}, 120_000);
afterAll(() => stack?.close());

async function search(requests: Array<Record<string, unknown>>): Promise<Result[]> {
  const response = await client.search({ requests: requests.map((r) => ({ indexName: 'products', ...r })) } as never);
  return response.results as unknown as Result[];
}

describe('POST /1/indexes/*/queries through algoliasearch', () => {
  test('hits with objectID and _highlightResult, paging and facet counts', async () => {
    const [result] = await search([{ query: 'bar stool', hitsPerPage: 5, facets: ['product_class', 'price'], highlightPreTag: '__ais-highlight__', highlightPostTag: '__/ais-highlight__' }]);
    expect(result!.nbHits).toBeGreaterThan(5);
    expect(result!.hits).toHaveLength(5);
    expect(result!.nbPages).toBe(Math.ceil(result!.nbHits / 5));
    expect(result!.hits[0]!.objectID).toEqual(expect.any(String));
    expect(result!.hits[0]!._highlightResult.name.value).toContain('__ais-highlight__');
    expect(result!.hits[0]!._highlightResult.name.matchLevel).toBe('full');
    expect(Object.values(result!.facets.product_class!).every((count) => count > 0)).toBe(true);
    expect(result!.facets_stats.price!.min).toBeLessThanOrEqual(result!.facets_stats.price!.max);
    expect(result!.query).toBe('bar stool');
  });

  test('InstantSearch disjunctive faceting: refined query + facet query without its refinement, one round trip', async () => {
    const [base] = await search([{ query: 'chair', hitsPerPage: 0, facets: ['product_class'] }]);
    const classes = Object.entries(base!.facets.product_class!).sort((a, b) => b[1] - a[1]);
    const [chosen, chosenCount] = classes[0]!;
    const [main, disjunctive] = await search([
      { query: 'chair', hitsPerPage: 20, facets: ['*'], facetFilters: [[`product_class:${chosen}`]] },
      { query: 'chair', hitsPerPage: 0, facets: ['product_class'], page: 0 },
    ]);
    expect(main!.nbHits).toBe(chosenCount);
    expect(main!.hits.every((hit) => hit.product_class.includes(chosen))).toBe(true);
    expect(disjunctive!.facets.product_class).toEqual(base!.facets.product_class);
  });

  test('numericFilters, filters string and replica sorting', async () => {
    const [asc] = await search([{ indexName: 'products_price_asc', query: 'lamp', numericFilters: ['price>=20', 'price<=300'], hitsPerPage: 30 }]);
    const prices = asc!.hits.map((hit) => hit.price);
    expect(prices.length).toBeGreaterThan(0);
    expect(prices.every((p) => p >= 20 && p <= 300)).toBe(true);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    const [filtered] = await search([{ query: 'lamp', filters: 'price:20 TO 300 AND NOT product_class:"Floor Lamps"', hitsPerPage: 30 }]);
    expect(filtered!.hits.every((hit) => !hit.product_class.includes('Floor Lamps') && hit.price >= 20 && hit.price <= 300)).toBe(true);
  });

  test('facet-value search (type: facet) answers facetHits', async () => {
    const response = await client.search({ requests: [{ indexName: 'products', type: 'facet', facet: 'product_class', facetQuery: 'tab' }] } as never);
    const result = response.results[0] as unknown as { facetHits: Array<{ value: string; highlighted: string; count: number }> };
    expect(result.facetHits.length).toBeGreaterThan(0);
    expect(result.facetHits.every((hit) => /(^|[^a-z])tab/i.test(hit.value))).toBe(true);
    expect(result.facetHits[0]!.highlighted).toMatch(/<em>Tab<\/em>/i);
  });

  test('v4-style params strings work too', async () => {
    const params = new URLSearchParams({ query: 'mirror', hitsPerPage: '3', facets: JSON.stringify(['product_class']) }).toString();
    const { status, body } = await stack.json('/1/indexes/*/queries', { body: { requests: [{ indexName: 'products', params }] } });
    expect(status).toBe(200);
    expect(body.results[0].hits).toHaveLength(3);
    expect(body.results[0].params).toContain('query=mirror');
  });

  test("tenant isolation: hits, facets and facet values stay within the application id's tenant", async () => {
    const [result] = await search([{ query: 'other shop exclusive sofa', facets: ['brand'] }]);
    expect(result!.hits.some((hit) => hit.name.includes('other shop'))).toBe(false);
    expect(result!.facets.brand ?? {}).not.toHaveProperty('OtherBrand');
    const values = await client.search({ requests: [{ indexName: 'products', type: 'facet', facet: 'brand', facetQuery: 'Oth' }] } as never);
    expect((values.results[0] as unknown as { facetHits: unknown[] }).facetHits).toEqual([]);
    const other = await stack.json('/1/indexes/*/queries', {
      tenant: 'other',
      body: { requests: [{ indexName: 'products', params: 'query=sofa' }] },
    });
    expect(other.body.results[0].nbHits).toBe(1);
  });

  test.each([
    ['requests', { requests: [] }],
    ['indexName', { requests: [{ indexName: 'secret_index' }] }],
    ['hitsPerPage', { requests: [{ indexName: 'products', params: { hitsPerPage: 1001 } }] }],
    ['facetFilters', { requests: [{ indexName: 'products', params: { facetFilters: ['nosuchfield:x'] } }] }],
    ['numericFilters', { requests: [{ indexName: 'products', params: { numericFilters: ['price>>3'] } }] }],
    ['filters', { requests: [{ indexName: 'products', params: { filters: 'brand:x AND (' } }] }],
    ['body', '{not json'],
  ])('a bad "%s" → 400 naming it', async (parameter, body) => {
    const response = await stack.json('/1/indexes/*/queries', { body });
    expect(response.status).toBe(400);
    expect(response.body.error.parameter).toBe(parameter);
  });
});
