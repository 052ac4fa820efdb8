/**
 * Search API keys as Algolia's work, with keys made by the official client:
 * a tenant with keys answers only with one, a secured key's filters restrict
 * what it sees, and a forged, tampered, expired or another tenant's key is a
 * 403. A tenant without keys stays open.
 */
import { algoliasearch } from 'algoliasearch';
import { liteClient } from 'algoliasearch/lite';
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';

const KEY = 'demo-search-key-0123456789abcdef';
const OTHER_KEY = 'shop-search-key-fedcba9876543210';

const catalog = [
  ...[1, 2, 3].map((i) => product(i, { name: `Oak chair ${i}`, brand: 'Acme' })),
  ...[4, 5, 6].map((i) => product(i, { name: `Pine chair ${i}`, brand: 'Birch' })),
];

let stack: SearchStack;
const signer = algoliasearch('demo', KEY);

beforeAll(async () => {
  stack = await startSearchStack({
    tenants: { demo: catalog, shop: catalog, open: catalog },
    env: { SEARCH_API_KEYS: JSON.stringify({ demo: [{ label: 'storefront', key: KEY }], shop: [{ label: 'storefront', key: OTHER_KEY }] }) },
  });
}, 120_000);
afterAll(() => stack?.close());

function client(tenant: string, key: string) {
  const { host, protocol } = new URL(stack.url);
  return liteClient(tenant, key, { hosts: [{ url: host, protocol: protocol.replace(':', '') as 'http', accept: 'readWrite' }] });
}

async function brands(tenant: string, key: string, indexName = 'products'): Promise<string[] | number> {
  try {
    const { results } = await client(tenant, key).search({ requests: [{ indexName, query: 'chair', hitsPerPage: 20 }] } as never);
    return [...new Set((results[0] as unknown as { hits: Array<{ brand: string }> }).hits.map((hit) => hit.brand))].sort();
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('search API keys', () => {
  test('the search key sees everything; none, a wrong one or another tenant\'s is a 403; a tenant without keys stays open', async () => {
    expect(await brands('demo', KEY)).toEqual(['Acme', 'Birch']);
    expect(await brands('demo', 'not-the-key-at-all-000000')).toBe(403);
    expect(await brands('demo', OTHER_KEY)).toBe(403);
    expect(await brands('open', 'anything')).toEqual(['Acme', 'Birch']);
    const anonymous = await stack.json('/1/indexes/*/queries', { tenant: 'demo', body: { requests: [{ indexName: 'products', params: 'query=chair' }] } });
    expect(anonymous.status).toBe(403);
    expect(anonymous.body.error.message).toMatch(/x-algolia-api-key/);
  });

  test('a secured key (generateSecuredApiKey) sees what its filters allow, on every route that can honour them', async () => {
    const secured = signer.generateSecuredApiKey({ parentApiKey: KEY, restrictions: { filters: 'brand:Acme', validUntil: inAnHour() } });
    expect(await brands('demo', secured)).toEqual(['Acme']);
    // Its filters are AND'ed with the request's, never replaced by them.
    const { results } = await client('demo', secured).search({ requests: [{ indexName: 'products', query: 'chair', filters: 'brand:Birch' }] } as never);
    expect((results[0] as unknown as { nbHits: number }).nbHits).toBe(0);
    const get = await stack.json('/search?q=chair', { tenant: 'demo', headers: { 'x-algolia-api-key': secured } });
    expect([get.status, [...new Set(get.body.hits.map((hit: { brand: string }) => hit.brand))]]).toEqual([200, ['Acme']]);
    expect((await stack.json('/suggest?q=cha', { tenant: 'demo', headers: { 'x-algolia-api-key': secured } })).status).toBe(403);
    expect((await stack.json('/suggest?q=cha', { tenant: 'demo', headers: { 'x-algolia-api-key': KEY } })).status).toBe(200);
  });

  test('expired, forged, tampered, another tenant\'s parent, or an index outside restrictIndices: 403', async () => {
    expect(await brands('demo', signer.generateSecuredApiKey({ parentApiKey: KEY, restrictions: { filters: 'brand:Acme', validUntil: Math.floor(Date.now() / 1000) - 1 } }))).toBe(403);
    expect(await brands('demo', signer.generateSecuredApiKey({ parentApiKey: 'a-key-we-never-issued-000000', restrictions: { filters: 'brand:Acme' } }))).toBe(403);
    expect(await brands('demo', signer.generateSecuredApiKey({ parentApiKey: OTHER_KEY, restrictions: { filters: 'brand:Acme' } }))).toBe(403);
    const genuine = Buffer.from(signer.generateSecuredApiKey({ parentApiKey: KEY, restrictions: { filters: 'brand:Acme' } }), 'base64').toString('utf8');
    const tampered = Buffer.from(genuine.replace('Acme', 'Birch')).toString('base64');
    expect(await brands('demo', tampered)).toBe(403);
    const onlyRelevance = signer.generateSecuredApiKey({ parentApiKey: KEY, restrictions: { restrictIndices: ['products'] } });
    expect(await brands('demo', onlyRelevance)).toEqual(['Acme', 'Birch']);
    expect(await brands('demo', onlyRelevance, 'products_price_asc')).toBe(403);
  });
});
