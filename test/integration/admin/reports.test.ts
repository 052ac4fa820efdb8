/**
 * Search-analytics reports on the admin API, from a real event stream: real
 * searches through the search route and real Insights events, recorded into
 * the real Elasticsearch; every report is checked against a brute-force
 * count over the raw documents.
 */
import type { Client } from '@elastic/elasticsearch';
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';
import { startAdminApi, type AdminApi } from '../../support/admin-api.js';
import { recordedAnalytics } from '../../support/recorded-analytics.js';

const catalog = [
  ...[1, 2, 3, 4].map((i) => product(i, { name: `Oak chair ${i}`, brand: i % 2 ? 'Acme' : 'Birch' })),
  ...[5, 6].map((i) => product(i, { name: `Pine table ${i}`, brand: 'Birch' })),
];

let stack: SearchStack;
let admin: AdminApi;
let es: Client;
type SearchDoc = { query: string; total: number; filters: string[]; query_id: string | null; latency_ms: number };
type EventDoc = { type: string; object_ids: string[]; positions: number[] | null; query_id: string | null };
let searches: SearchDoc[];
let events: EventDoc[];

async function all<T>(kind: 'searches' | 'events', expected: number): Promise<T[]> {
  const found = await recordedAnalytics<T>(es, stack.prefix, 'demo', kind, expected);
  if (found.length < expected) throw new Error(`fewer than ${expected} ${kind} recorded`);
  return found;
}

beforeAll(async () => {
  stack = await startSearchStack({ tenants: { demo: catalog, other: catalog }, env: { ANALYTICS_MAX_WAIT_MS: '0' } });
  admin = await startAdminApi(stack.prefix, ['demo', 'other']);
  es = stack.tenants.get('demo')!.es;
  // The stream: searches (some repeated, some finding nothing, some filtered), then clicks and a purchase.
  const stream = ['chair', 'chair', 'Chair ', 'table', 'zzqx', 'zzqx', 'oak chair', 'table'];
  for (const q of stream) await stack.json(`/search?q=${encodeURIComponent(q)}`);
  await stack.json('/search?q=chair&brand=Acme');
  const queryIds: string[] = [];
  for (const q of ['chair', 'chair', 'chair', 'table']) {
    const { body } = await stack.json('/1/indexes/*/queries', { body: { requests: [{ indexName: 'products', params: `query=${q}&clickAnalytics=true&userToken=u1` }] } });
    queryIds.push(body.results[0].queryID);
  }
  const click = (queryID: string, objectID: string, position: number) => ({ eventType: 'click', eventName: 'Clicked', index: 'products', userToken: 'u1', queryID, objectIDs: [objectID], positions: [position] });
  await stack.json('/1/events', {
    body: {
      events: [
        click(queryIds[0]!, '1', 3),
        click(queryIds[0]!, '2', 1),
        click(queryIds[1]!, '1', 2),
        { eventType: 'conversion', eventSubtype: 'purchase', eventName: 'Bought', index: 'products', userToken: 'u1', queryID: queryIds[0], objectIDs: ['1'], objectData: [{ price: 20, quantity: 1 }], currency: 'EUR' },
      ],
    },
  });
  searches = await all<SearchDoc>('searches', 13);
  events = await all<EventDoc>('events', 4);
}, 180_000);

afterAll(async () => {
  await admin?.close();
  await stack?.close();
});

const report = async (name: string, query = '') => {
  const response = await admin.call('GET', `/admin/api/reports/${name}${query}`);
  expect(response.status).toBe(200);
  return response.body.rows as Array<Record<string, unknown>>;
};

const countBy = <T>(items: T[], key: (item: T) => string | string[]) => {
  const counts = new Map<string, number>();
  for (const item of items) for (const k of [key(item)].flat()) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
};

test('top queries and no-result queries equal a count over the raw searches', async () => {
  const top = await report('top-queries');
  expect(new Map(top.map((row) => [row.query, row.searches]))).toEqual(countBy(searches, (s) => s.query));
  expect(top[0]).toMatchObject({ query: 'chair', searches: 7 });
  const none = await report('no-results');
  expect(new Map(none.map((row) => [row.query, row.searches]))).toEqual(countBy(searches.filter((s) => s.total === 0), (s) => s.query));
});

test('low click-through: per query, the searches clicked and the mean first-click position, from events joined by queryID', async () => {
  const rows = await report('low-click-through');
  const clickable = searches.filter((s) => s.query_id);
  const firstClick = new Map<string, number>();
  for (const e of events.filter((e) => e.type === 'click' && e.query_id)) firstClick.set(e.query_id!, Math.min(firstClick.get(e.query_id!) ?? Infinity, ...(e.positions ?? [])));
  for (const query of new Set(clickable.map((s) => s.query))) {
    const mine = clickable.filter((s) => s.query === query);
    const clicked = mine.filter((s) => firstClick.has(s.query_id!));
    const row = rows.find((r) => r.query === query)!;
    expect(row).toMatchObject({ searches: mine.length, clickedSearches: clicked.length });
    const mean = clicked.length ? clicked.reduce((sum, s) => sum + firstClick.get(s.query_id!)!, 0) / clicked.length : null;
    expect(row.meanFirstClickPosition).toBe(mean === null ? null : Math.round(mean * 10) / 10);
  }
  // Lowest click-through first: "table" (never clicked) before "chair".
  expect(rows.map((r) => r.query)).toEqual(['table', 'chair']);
});

test('top products by clicks and conversions; filters used; the overview', async () => {
  const products = await report('top-products');
  const clicks = countBy(events.filter((e) => e.type === 'click'), (e) => e.object_ids);
  const conversions = countBy(events.filter((e) => e.type === 'conversion'), (e) => e.object_ids);
  for (const row of products) expect([row.clicks, row.conversions]).toEqual([clicks.get(row.productId as string) ?? 0, conversions.get(row.productId as string) ?? 0]);
  expect(products.map((row) => row.productId).sort()).toEqual([...new Set([...clicks.keys(), ...conversions.keys()])].sort());
  expect(await report('filters')).toEqual([{ field: 'brand', value: 'Acme', searches: 1 }]);
  const [summary, ...days] = await report('overview');
  expect(summary).toMatchObject({ day: 'all', searches: searches.length, noResultRate: Math.round((searches.filter((s) => s.total === 0).length / searches.length) * 1000) / 1000 });
  expect(days.reduce((sum, day) => sum + (day.searches as number), 0)).toBe(searches.length);
});

test('a date range, CSV export, and the checks: another tenant sees its own (none), bad input is a 400 naming it', async () => {
  expect(await report('top-queries', '?from=2020-01-01&to=2020-02-01')).toEqual([]);
  const csv = await fetch(`${admin.url}/admin/api/reports/no-results?format=csv`, { headers: { 'x-tenant-id': 'demo', authorization: `Bearer ${admin.keys.get('demo')}` } });
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  expect((await csv.text()).split('\r\n').slice(0, 2)).toEqual(['query,searches', 'zzqx,2']);
  expect((await admin.call('GET', '/admin/api/reports/top-queries', { tenant: 'other' })).body.rows).toEqual([]);
  expect((await admin.call('GET', '/admin/api/reports/top-queries', { tenant: 'demo', key: admin.keys.get('other') })).status).toBe(403);
  const bad = await admin.call('GET', '/admin/api/reports/top-queries?limit=0');
  expect([bad.status, bad.body.field]).toEqual([400, 'limit']);
  expect((await admin.call('GET', '/admin/api/reports/everything')).status).toBe(400);
});

test('the merchandising preview without queries compares the tenant\'s top queries first, then those the draft touches', async () => {
  const draft = { synonyms: [], rules: [{ id: 'pin-table', condition: { query: { anchoring: 'is', pattern: 'sofa' } }, consequence: { pin: [{ productId: '5', position: 1 }] } }] };
  const { status, body } = await admin.call('POST', '/admin/api/settings/preview', { body: { settings: draft } });
  expect(status).toBe(200);
  expect(body.source).toBe('top queries and those touched by the change');
  const top = (await report('top-queries', '?limit=15')).map((row) => row.query);
  expect(body.queries.map((q: { query: string }) => q.query)).toEqual([...top, 'sofa']);
});
