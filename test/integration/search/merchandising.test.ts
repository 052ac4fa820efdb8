/**
 * A merchant's settings, published through the admin API, steer the real
 * route on the real Elasticsearch: every consequence, in /search and in the
 * InstantSearch protocol, with totals and facets that count what is shown.
 */
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';
import { startAdminApi, type AdminApi } from '../../support/admin-api.js';
import { SettingsCache } from '../../../src/merchandising/settings-cache.js';
import { ElasticsearchHttp } from '../../../src/transport/elasticsearch-http.js';
import { createLogger } from '../../../common/logger.js';
import { tenantStatus } from '../../../indexer/status.js';

type Hit = { id: string; name: string; brand: string | null; class: string[] };

const catalog = [
  ...[1, 2, 3].map((i) => product(i, { name: `Velvet sofa ${i}`, brand: 'Acme', productClass: ['Sofas'], categoryPath: ['Furniture', 'Sofas'] })),
  ...[4, 5, 6].map((i) => product(i, { name: `Linen sofa ${i}`, brand: 'Birch', productClass: ['Sofas'], categoryPath: ['Furniture', 'Sofas'] })),
  ...[10, 11].map((i) => product(i, { name: `Oak chair ${i}`, brand: 'Birch', productClass: ['Chairs'], categoryPath: ['Furniture', 'Chairs'] })),
  product(20, { name: 'Brass floor lamp', brand: 'Acme', productClass: ['Lamps'], categoryPath: ['Lighting', 'Lamps'] }),
  product(21, { name: 'Loveseat Nova', brand: 'Birch', productClass: ['Loveseats'], categoryPath: ['Furniture', 'Loveseats'] }),
];

describe('merchandising settings applied by search', () => {
  let stack: SearchStack;
  let admin: AdminApi;
  let version = 0;
  beforeAll(async () => {
    stack = await startSearchStack({ tenants: { shop: catalog } });
    admin = await startAdminApi(stack.prefix, ['shop']);
  }, 120_000);
  afterAll(async () => {
    await admin.close();
    await stack.close();
  });

  /** Publishes settings, then searches as a container that starts now (it reads them at its first request). */
  async function publish(settings: unknown): Promise<void> {
    const response = await admin.call('PUT', '/admin/api/settings', { body: { version, settings } });
    expect(response.status).toBe(200);
    version = response.body.version;
  }
  async function search(path: string, body?: unknown) {
    const fresh = await startSearchStack({ tenants: { shop: [] }, indexOf: stack });
    try {
      return await fresh.json(path, body === undefined ? {} : { body });
    } finally {
      await fresh.close();
    }
  }
  const ids = (hits: Hit[]) => hits.map((hit) => hit.id);

  test('pin and hide: the pinned product at its position (counted), the hidden one nowhere (hits, total, facets)', async () => {
    const before = await search('/search?q=sofa');
    expect(before.body.total).toBe(6);
    await publish({
      synonyms: [],
      rules: [{ id: 'sofa-page', condition: { query: { anchoring: 'is', pattern: 'sofa' } }, consequence: { pin: [{ productId: '20', position: 2 }], hide: ['3'] } }],
    });
    // "sofas": the rule's pattern read like a query, so the plural fires it.
    const { status, body } = await search('/search?q=sofas');
    expect(status).toBe(200);
    expect(body.hits[1].id).toBe('20');
    expect(ids(body.hits)).not.toContain('3');
    expect(body.total).toBe(6); // 6 sofas - 1 hidden + 1 pinned
    expect(body.appliedRules).toEqual(['sofa-page']);
    const brandCounts = Object.fromEntries((body.facets.brand as Array<{ value: string; count: number }>).map((f) => [f.value, f.count]));
    expect(brandCounts).toEqual({ Acme: 3, Birch: 3 }); // Acme: two sofas and the pinned lamp; the hidden sofa counted nowhere
    // Page 2 continues the same ranking: nothing repeated.
    const page2 = await search('/search?q=sofa&size=3&page=2');
    const page1 = await search('/search?q=sofa&size=3&page=1');
    expect(ids(page1.body.hits)[1]).toBe('20');
    expect(new Set([...ids(page1.body.hits), ...ids(page2.body.hits)]).size).toBe(6);
    // Another query: the rule does not fire.
    expect((await search('/search?q=chair')).body.appliedRules).toEqual([]);
  });

  test('boost and bury by a filter; forced filters; redirect and userData', async () => {
    await publish({
      synonyms: [],
      rules: [
        { id: 'birch-first', condition: { query: { anchoring: 'contains', pattern: 'sofa' } }, consequence: { boost: [{ filter: { field: 'brand', value: 'Birch' }, weight: 10 }] } },
        { id: 'chairs-only', condition: { query: { anchoring: 'startsWith', pattern: 'furniture' } }, consequence: { filters: [{ field: 'class', value: 'Chairs' }] } },
        { id: 'no-acme-lamps', condition: { query: { anchoring: 'is', pattern: 'lamp' } }, consequence: { bury: [{ filter: { field: 'brand', value: 'Birch' }, weight: 5 }] } },
        { id: 'sale', condition: { query: { anchoring: 'is', pattern: 'sale' } }, consequence: { redirect: 'https://shop.example/sale', userData: { banner: 'Winter sale' } } },
      ],
    });
    const boosted = await search('/search?q=sofa');
    expect(boosted.body.hits.slice(0, 3).every((hit: Hit) => hit.brand === 'Birch')).toBe(true);
    const forced = await search('/search?q=furniture');
    expect(forced.body.total).toBe(2);
    expect(forced.body.hits.every((hit: Hit) => hit.class.includes('Chairs'))).toBe(true);
    const sale = await search('/search?q=sale');
    expect(sale.body).toMatchObject({ redirect: 'https://shop.example/sale', userData: [{ banner: 'Winter sale' }], appliedRules: ['sale'] });

    const algolia = await search('/1/indexes/products/queries', { requests: [{ indexName: 'products', params: 'query=sale&hitsPerPage=5' }] });
    expect(algolia.status).toBe(200);
    expect(algolia.body.results[0]).toMatchObject({ userData: [{ banner: 'Winter sale' }], appliedRules: [{ objectID: 'sale' }], renderingContent: { redirect: { url: 'https://shop.example/sale' } } });
    const boostedAlgolia = await search('/1/indexes/products/queries', { requests: [{ indexName: 'products', params: 'query=sofa&hitsPerPage=3' }] });
    expect(boostedAlgolia.body.results[0].hits.every((hit: Hit) => hit.brand === 'Birch')).toBe(true);
  });

  test('synonyms: two-way groups and one-way ones, live without a reindex; a disabled rule or one out of its dates does not fire', async () => {
    expect((await search('/search?q=couch')).body.total).toBe(0);
    await publish({
      synonyms: [
        { id: 'couch', type: 'synonym', synonyms: ['couch', 'sofa'] },
        { id: 'loveseat', type: 'oneWaySynonym', input: 'loveseat', synonyms: ['sofa'] },
      ],
      rules: [
        { id: 'off', enabled: false, condition: { query: { anchoring: 'is', pattern: 'couch' } }, consequence: { hide: ['1'] } },
        { id: 'past', condition: { query: { anchoring: 'is', pattern: 'couch' }, until: '2020-01-01T00:00:00Z' }, consequence: { hide: ['2'] } },
      ],
    });
    const couch = await search('/search?q=couch');
    expect(couch.body.total).toBe(6);
    expect(couch.body.appliedRules).toEqual([]);
    expect(ids((await search('/search?q=loveseat&size=20')).body.hits)).toEqual(expect.arrayContaining(['1', '4', '21']));
    expect(ids((await search('/search?q=sofa&size=20')).body.hits)).not.toContain('21'); // one way only
  });

  test('query edits: words removed from what is searched, or the query replaced; the shopper still sees their own words', async () => {
    expect((await search('/search?q=oak%20sofas')).body.total).toBe(8); // six sofas and two oak chairs: any word matches
    await publish({
      synonyms: [],
      rules: [
        { id: 'drop-oak', condition: { query: { anchoring: 'contains', pattern: 'sofa' } }, consequence: { query: { remove: ['oak', 'cheap'] } } },
        { id: 'settee', condition: { query: { anchoring: 'is', pattern: 'settee' } }, consequence: { query: { replace: 'sofa' } } },
      ],
    });
    const edited = await search('/search?q=oak%20sofas');
    expect(edited.body).toMatchObject({ query: 'oak sofas', total: 6, appliedRules: ['drop-oak'] });
    expect(edited.body.hits.every((hit: Hit) => hit.class.includes('Sofas'))).toBe(true);
    expect((await search('/search?q=settee')).body.total).toBe(6);
    const algolia = await search('/1/indexes/products/queries', { requests: [{ indexName: 'products', params: 'query=settee&hitsPerPage=10' }] });
    expect(algolia.body.results[0]).toMatchObject({ query: 'settee', nbHits: 6 });
  });

  test('facets in the merchant\'s order, hidden ones gone, values ordered; InstantSearch gets renderingContent.facetOrdering', async () => {
    await publish({
      synonyms: [],
      rules: [],
      facets: { order: ['brand', 'class'], hidden: ['department'], values: [{ facet: 'brand', order: ['Birch'], sortRemainingBy: 'alpha' }, { facet: 'class', order: ['Chairs'], sortRemainingBy: 'hidden' }] },
    });
    const { body } = await search('/search?q=furniture');
    expect(Object.keys(body.facets).slice(0, 2)).toEqual(['brand', 'class']);
    expect(body.facets.department).toBeUndefined();
    expect((body.facets.brand as Array<{ value: string }>).map((f) => f.value)).toEqual(['Birch', 'Acme']);
    expect((body.facets.class as Array<{ value: string }>).map((f) => f.value)).toEqual(['Chairs']);
    const algolia = await search('/1/indexes/products/queries', { requests: [{ indexName: 'products', params: 'query=sofa&facets=%5B%22brand%22%5D' }] });
    expect(algolia.body.results[0].renderingContent).toEqual({
      facetOrdering: { facets: { order: ['brand', 'class'] }, values: { brand: { order: ['Birch'], sortRemainingBy: 'alpha' }, class: { order: ['Chairs'], sortRemainingBy: 'hidden' } } },
    });
    // A facet neither search nor InstantSearch has is refused, naming it.
    const refused = await admin.call('PUT', '/admin/api/settings', { body: { version, settings: { synonyms: [], rules: [], facets: { order: ['colour'] } } } });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('settings.facets.order.0');
  });

  test('a rule on a chosen filter (a category page) fires there only, with its own facet order, in /search and InstantSearch', async () => {
    await publish({
      synonyms: [],
      rules: [
        {
          id: 'sofa-category',
          condition: { filters: [{ field: 'category', value: 'Sofas' }] },
          consequence: { facets: { order: ['brand'], hidden: ['class'] }, userData: { banner: 'sofas' } },
        },
      ],
      facets: { order: ['class', 'brand'] },
    });
    const sofas = await search('/search?category=Sofas');
    expect(sofas.body.appliedRules).toEqual(['sofa-category']);
    expect(Object.keys(sofas.body.facets)[0]).toBe('brand');
    expect(sofas.body.facets.class).toBeUndefined();
    expect(sofas.body.userData).toEqual([{ banner: 'sofas' }]);
    // Another category, or the words alone: the tenant's own facet order, no rule.
    const chairs = await search('/search?category=Chairs');
    expect(chairs.body.appliedRules).toEqual([]);
    expect(Object.keys(chairs.body.facets)[0]).toBe('class');
    expect((await search('/search?q=sofa')).body.appliedRules).toEqual([]);
    // InstantSearch: the refinement arrives as facetFilters; a negated one chose nothing.
    const params = (filters: string) => `query=&facets=%5B%22brand%22%2C%22category%22%5D&facetFilters=${encodeURIComponent(filters)}`;
    const algolia = await search('/1/indexes/products/queries', {
      requests: [
        { indexName: 'products', params: params('[["category:Sofas","category:Chairs"]]') },
        { indexName: 'products', params: params('["-category:Sofas"]') },
      ],
    });
    expect(algolia.body.results[0].appliedRules).toEqual([{ objectID: 'sofa-category' }]);
    expect(algolia.body.results[0].renderingContent.facetOrdering.facets.order).toEqual(['brand']);
    expect(algolia.body.results[1].appliedRules ?? []).toEqual([]);
  });

  test('ranking knobs: tiebreaks order equally relevant products (by price, either way) and never overrule the words', async () => {
    // The six sofas match "sofa" equally; their prices rise with their ids (11..16).
    await publish({ synonyms: [], rules: [], ranking: { tiebreaks: ['highest_price'] } });
    expect(ids((await search('/search?q=sofa')).body.hits)).toEqual(['6', '5', '4', '3', '2', '1']);
    // More matched words still come first: the velvet sofas, cheaper, lead "velvet sofa".
    expect(ids((await search('/search?q=velvet%20sofa')).body.hits).slice(0, 3)).toEqual(['3', '2', '1']);
    await publish({ synonyms: [], rules: [], ranking: { tiebreaks: ['lowest_price', 'newest'] } });
    expect(ids((await search('/search?q=sofa')).body.hits)).toEqual(['1', '2', '3', '4', '5', '6']);
    // Another sort keeps its own order.
    expect(ids((await search('/search?q=sofa&sort=price_desc')).body.hits)).toEqual(['6', '5', '4', '3', '2', '1']);
    const contradiction = await admin.call('PUT', '/admin/api/settings', { body: { version, settings: { synonyms: [], rules: [], ranking: { tiebreaks: ['newest', 'oldest'] } } } });
    expect(contradiction.status).toBe(400);
    expect(contradiction.body.field).toBe('settings.ranking.tiebreaks');
  });

  test('preview: a draft\'s top 10 beside today\'s for the queries it touches, as search will rank them; nothing written', async () => {
    await publish({ synonyms: [], rules: [] });
    const draft = {
      synonyms: [{ id: 'loveseat', type: 'oneWaySynonym', input: 'loveseat', synonyms: ['sofa'] }],
      rules: [{ id: 'lamp-first', condition: { query: { anchoring: 'is', pattern: 'sofa' } }, consequence: { pin: [{ productId: '20', position: 1 }], hide: ['6'] } }],
    };
    const { status, body } = await admin.call('POST', '/admin/api/settings/preview', { body: { settings: draft } });
    expect(status).toBe(200);
    expect(body.source).toBe('touched by the change');
    const byQuery = new Map((body.queries as Array<{ query: string }>).map((q) => [q.query, q as any]));
    expect([...byQuery.keys()]).toEqual(['sofa', 'loveseat']);
    const sofa = byQuery.get('sofa');
    // Compared with what search answers today, and with what it will answer once published.
    const today = await search('/search?q=sofa&size=10');
    expect(sofa.current.top.map((p: { id: string }) => p.id)).toEqual(ids(today.body.hits));
    expect(sofa.draft.top[0].id).toBe('20');
    expect(sofa.entered).toEqual([expect.objectContaining({ id: '20', position: 1 })]);
    expect(sofa.left).toEqual([expect.objectContaining({ id: '6' })]);
    expect(sofa.totalChange).toBe(0); // one pinned in, one hidden out
    expect(sofa.draft.appliedRules).toEqual(['lamp-first']);
    // "loveseat" finds the loveseat today; with the one-way synonym, the sofas too.
    expect(byQuery.get('loveseat').totalChange).toBe(6);
    // Nothing was published.
    expect((await admin.call('GET', '/admin/api/settings')).body.version).toBe(version);
    await publish(draft);
    expect(ids((await search('/search?q=sofa&size=10')).body.hits)).toEqual(sofa.draft.top.map((p: { id: string }) => p.id));
    // Queries given instead; a bad one is a 400 naming it, another tenant's key a 403.
    const given = await admin.call('POST', '/admin/api/settings/preview', { body: { settings: { synonyms: [], rules: [] }, queries: ['chair', 'sofa'] } });
    expect(given.body.queries.map((q: { query: string; changed: boolean }) => [q.query, q.changed])).toEqual([['chair', false], ['sofa', true]]);
    const bad = await admin.call('POST', '/admin/api/settings/preview', { body: { settings: { synonyms: [], rules: [] }, queries: [''] } });
    expect([bad.status, bad.body.field]).toEqual([400, 'queries.0']);
  });

  test('a stored settings document that does not validate never breaks search: the last good version stays in use, the problem reported', async () => {
    await publish({ synonyms: [], rules: [{ id: 'hide-1', condition: { query: { anchoring: 'is', pattern: 'sofa' } }, consequence: { hide: ['1'] } }] });
    const es = new ElasticsearchHttp({ url: process.env.ELASTICSEARCH_URL as string, timeoutMs: 5_000, retryAfterSeconds: 1 });
    const cache = new SettingsCache(es, stack.prefix, { synonymGroups: new Map(), languages: new Map() }, createLogger('settings-test'), 100, 100);
    const good = await cache.get('shop');
    expect(good.version).toBe(version);
    expect(good.settings.rules[0]?.id).toBe('hide-1');

    const harness = stack.tenants.get('shop')!;
    await harness.es.index({ index: `${stack.prefix}-settings-shop`, id: 'current', document: { tenant: 'shop', version: version + 1, settings: { rules: 'not a list' }, updated_at: new Date().toISOString(), updated_by: 'x', change: 'update' }, refresh: true });
    await new Promise((r) => setTimeout(r, 150));
    await cache.get('shop'); // stale: re-read in the background
    await new Promise((r) => setTimeout(r, 200));
    const kept = await cache.get('shop');
    expect(kept.version).toBe(version);
    expect(kept.settings.rules[0]?.id).toBe('hide-1');
    expect(kept.problem).toContain(`settings version ${version + 1} is not valid`);
    // The indexer's status names it too (npm run status, the local /status page, the Lambda's status mode).
    expect((await tenantStatus(harness.es, harness.config, 'shop')).settings).toMatchObject({ version: version + 1, problem: expect.stringContaining('is not valid and is not applied') });

    // A container that starts now has no good version to keep: it searches without settings, never fails.
    const { status, body } = await search('/search?q=sofa');
    expect(status).toBe(200);
    expect(body.total).toBe(6);
  });
});
