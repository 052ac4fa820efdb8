import { loadWandsProducts } from '../../../local/commerce-api/seed.js';
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';

import { DATA_FILES } from '../../../data/files.js';

const WANDS = DATA_FILES.sampleCatalog;

let stack: SearchStack;
beforeAll(async () => {
  stack = await startSearchStack({
    tenants: {
      demo: loadWandsProducts(WANDS),
      other: [product(1, { name: 'secret velvet sofa of the other shop', brand: 'OtherBrand' }), product(2, { name: 'other tenant lamp', categoryPath: ['Lighting'], productClass: ['Lamps'] })],
    },
    env: { SEARCH_SYNONYMS: JSON.stringify({ demo: [['couch', 'sofa']] }) },
  });
}, 120_000);
afterAll(() => stack?.close());

describe('GET /search', () => {
  test('finds real products, with facets, highlight, paging info and Elasticsearch time', async () => {
    const { status, body, headers } = await stack.json('/search?q=wood%20table');
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(10);
    expect(body.hits).toHaveLength(Math.min(20, body.total));
    // Products named with both words come first.
    expect(body.hits.slice(0, 10).every((hit: { name: string }) => /wood/.test(hit.name) && /table/.test(hit.name))).toBe(true);
    expect(body.hits[0].highlight.name).toMatch(/<mark>wood<\/mark>/);
    expect(body.page).toBe(1);
    expect(body.pages).toBe(Math.ceil(body.total / 20));
    expect(body.facets.department.length).toBeGreaterThan(0);
    expect(body.facets.class[0]).toEqual({ value: expect.any(String), count: expect.any(Number) });
    expect(body.price.ranges).toHaveLength(7);
    expect(typeof body.elasticsearchTimeMs).toBe('number');
    expect(headers.get('cache-control')).toBe('public, max-age=0, s-maxage=60, stale-while-revalidate=300');
    expect(headers.get('vary')).toContain('X-Tenant-Id');
  });

  test('typo tolerance: "leathr chair" still finds leather chairs, and suggests the correction', async () => {
    const { body } = await stack.json('/search?q=leathr%20chair');
    expect(body.total).toBeGreaterThan(0);
    const chairByNameOrClass = (hit: { name: string; class: string[] }) => /chair/.test(hit.name) || hit.class.some((c) => /Chairs/.test(c));
    expect(body.hits.slice(0, 5).every((hit: { name: string; class: string[] }) => /leather/.test(hit.name) && chairByNameOrClass(hit))).toBe(true);
    expect(body.didYouMean).toBe('leather chair');
  });

  test('prefix on the last word: "bookca" finds bookcases', async () => {
    const { body } = await stack.json('/search?q=bookca');
    expect(body.total).toBeGreaterThan(10);
    expect(body.hits[0].name).toMatch(/bookcase/);
  });

  test('plurals and accents: "decor pillows" and "décor pillow" find the same products', async () => {
    const a = await stack.json('/search?q=decor%20pillows');
    const b = await stack.json(`/search?q=${encodeURIComponent('décor pillow')}`);
    expect(a.body.total).toBeGreaterThan(0);
    expect(a.body.hits.map((h: { id: string }) => h.id)).toEqual(b.body.hits.map((h: { id: string }) => h.id));
  });

  test('synonyms from configuration, at query time: "couch" finds sofas', async () => {
    const { body } = await stack.json('/search?q=couch');
    expect(body.hits.slice(0, 10).some((hit: { name: string }) => /sofa/.test(hit.name))).toBe(true);
  });

  test('a word no product has does not empty the page: the products with the other words are found', async () => {
    const { body } = await stack.json('/search?q=gargantuan%20bookcase');
    expect(body.total).toBeGreaterThan(0);
    expect(body.hits.slice(0, 5).every((hit: { name: string }) => /bookcase/.test(hit.name))).toBe(true);
  });

  test('ranking over filtering: the page leads with products that have every word, the rest follow', async () => {
    const { body } = await stack.json('/search?q=wood%20table&size=100');
    const text = (hit: { name: string; class: string[]; categoryPath: string | null }) => `${hit.name} ${hit.class.join(' ')} ${hit.categoryPath ?? ''}`.toLowerCase();
    const every = body.hits.map((hit: { name: string; class: string[]; categoryPath: string | null }) => /wood/.test(text(hit)) && /table/.test(text(hit)));
    expect(every.slice(0, 10).every(Boolean)).toBe(true);
    expect(every.some((full: boolean) => !full)).toBe(true); // products with one of the words are found too, further down
  });

  test('typos, run-together words and the word being typed are read against the catalog', async () => {
    const typo = await stack.json('/search?q=bookcse');
    expect(typo.body.hits.slice(0, 5).every((hit: { name: string }) => /bookcase/.test(hit.name))).toBe(true);
    const joined = await stack.json('/search?q=woodtable%20');
    expect(joined.body.hits.slice(0, 5).every((hit: { name: string }) => /wood/.test(hit.name) && /table/.test(hit.name))).toBe(true);
    const typing = await stack.json('/search?q=bookc');
    expect(typing.body.hits.slice(0, 5).every((hit: { name: string }) => /bookc/.test(hit.name))).toBe(true);
    // A space after it: the shopper finished the word, which is then no prefix of anything.
    const finished = await stack.json('/search?q=bookc%20');
    expect(finished.body.hits.some((hit: { name: string }) => /bookc/.test(hit.name))).toBe(false);
  });

  test('an exact product id ranks first', async () => {
    const { body } = await stack.json('/search?q=13');
    expect(body.hits[0].id).toBe('13');
  });

  test('disjunctive facets: a class refinement filters hits but keeps the other class counts', async () => {
    const all = await stack.json('/search?q=chair');
    const [first, second] = all.body.facets.class as Array<{ value: string; count: number }>;
    const refined = await stack.json(`/search?q=chair&class=${encodeURIComponent(first!.value)}`);
    expect(refined.body.total).toBe(first!.count);
    expect(refined.body.facets.class).toEqual(all.body.facets.class); // own facet ignores its refinement
    expect(refined.body.hits.every((hit: { class: string[] }) => hit.class.includes(first!.value))).toBe(true);
    const both = await stack.json(`/search?q=chair&class=${encodeURIComponent(first!.value)}&class=${encodeURIComponent(second!.value)}`);
    expect(both.body.total).toBe(first!.count + second!.count - overlap(refined.body, second!.value));
    // Another facet's counts do follow the refinement.
    const departmentTotal = refined.body.facets.department.reduce((sum: number, d: { count: number }) => sum + d.count, 0);
    expect(departmentTotal).toBeLessThanOrEqual(refined.body.total);
  });

  test('price filter and sort: ascending prices within the range', async () => {
    const { body } = await stack.json('/search?q=lamp&price_min=50&price_max=200&sort=price_asc&size=50');
    expect(body.total).toBeGreaterThan(0);
    const prices = body.hits.map((hit: { price: number }) => hit.price);
    expect(prices.every((p: number) => p >= 50 && p <= 200)).toBe(true);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    expect(body.filters).toEqual({ terms: {}, attributes: {}, priceMin: 50, priceMax: 200 });
  });

  test('pagination: pages do not overlap, and the deep-page bound is enforced', async () => {
    const one = await stack.json('/search?q=table&size=10&page=1');
    const two = await stack.json('/search?q=table&size=10&page=2');
    const ids = new Set(one.body.hits.map((h: { id: string }) => h.id));
    expect(two.body.hits.some((h: { id: string }) => ids.has(h.id))).toBe(false);
    const deep = await stack.json('/search?q=table&size=100&page=101');
    expect(deep.status).toBe(400);
    expect(deep.body.error).toMatchObject({ code: 'invalid_parameter', parameter: 'page' });
  });

  test('ETag and If-None-Match → 304', async () => {
    const first = await stack.request('/search?q=mirror');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const second = await stack.request('/search?q=mirror', { headers: { 'if-none-match': etag as string } });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
  });
});

function overlap(body: { hits: Array<{ class: string[] }>; total: number }, otherClass: string): number {
  // Products carrying both classes are counted once in an OR: count them among the refined hits when all fit in a page.
  return body.total <= body.hits.length ? body.hits.filter((hit) => hit.class.includes(otherClass)).length : 0;
}

describe('GET /suggest', () => {
  test('completes names and categories from the first letters', async () => {
    const { status, body } = await stack.json('/suggest?q=book');
    expect(status).toBe(200);
    expect(body.suggestions.length).toBeGreaterThan(0);
    expect(body.suggestions.some((s: { text: string }) => /book/.test(s.text.toLowerCase()))).toBe(true);
    expect(body.categories.length).toBeGreaterThan(0);
  });
});

describe('tenant isolation and errors', () => {
  test("a tenant never sees another tenant's products", async () => {
    const demo = await stack.json('/search?q=secret%20velvet%20sofa%20other%20shop');
    expect(demo.body.hits.some((hit: { name: string }) => hit.name.includes('other shop'))).toBe(false);
    const other = await stack.json('/search?q=sofa', { tenant: 'other' });
    expect(other.body.total).toBe(1);
    expect(other.body.facets.brand).toEqual([{ value: 'OtherBrand', count: 1 }]);
    const suggestions = await stack.json('/suggest?q=secret');
    expect(suggestions.body.suggestions).toEqual([]);
  });

  test.each([
    ['/search?q=sofa', null, 400, 'missing_tenant'],
    ['/search?q=sofa', 'nobody', 404, 'unknown_tenant'],
    ['/search?q=sofa&size=0', 'demo', 400, 'invalid_parameter'],
    ['/search?q=sofa&sort=random', 'demo', 400, 'invalid_parameter'],
    ['/search?q=sofa&color=red', 'demo', 400, 'invalid_parameter'],
    ['/search?price_min=10&price_max=5', 'demo', 400, 'invalid_parameter'],
    ['/search?q=' + 'x'.repeat(201), 'demo', 400, 'invalid_parameter'],
    ['/suggest', 'demo', 400, 'invalid_parameter'],
    ['/nowhere', 'demo', 404, 'not_found'],
  ])('%s (tenant %s) → %i %s', async (path, tenant, status, code) => {
    const response = await stack.json(path, { tenant });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message.length).toBeGreaterThan(10);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
