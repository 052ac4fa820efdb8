/**
 * Search analytics recorded by the real route into the real Elasticsearch:
 * one record per search (InstantSearch's facet-count queries are not
 * searches), queryIDs that Insights events refer to, user tokens stored
 * hashed, Insights validation as Algolia's (422 naming the field, nothing of
 * a bad batch kept), a bounded loss when Elasticsearch is down, and
 * retention by whole months.
 */
import type { Client } from '@elastic/elasticsearch';
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';
import { analyticsPattern, analyticsIndex, hashUserToken } from '../../../common/contract/analytics.js';
import { AnalyticsRecorder } from '../../../src/analytics/recorder.js';
import { recordedAnalytics } from '../../support/recorded-analytics.js';
import { ElasticsearchHttp } from '../../../src/transport/elasticsearch-http.js';
import { createLogger } from '../../../common/logger.js';
import { deleteExpiredAnalytics, ensureAnalyticsTemplate } from '../../../indexer/sink/analytics-housekeeping.js';

const catalog = [
  ...[1, 2, 3].map((i) => product(i, { name: `Oak chair ${i}`, brand: 'Acme' })),
  ...[4, 5].map((i) => product(i, { name: `Pine table ${i}`, brand: 'Birch' })),
];

let stack: SearchStack;
let es: Client;

beforeAll(async () => {
  // Every response starts a write of what is queued (no batching), so the test sees each search.
  stack = await startSearchStack({ tenants: { demo: catalog }, env: { ANALYTICS_MAX_WAIT_MS: '0' } });
  es = stack.tenants.get('demo')!.es;
}, 120_000);
afterAll(() => stack?.close());

const recorded = <T>(kind: 'searches' | 'events', expected: number) => recordedAnalytics<T>(es, stack.prefix, 'demo', kind, expected);

type Search = { query: string; total: number; filters: string[]; user: string | null; query_id: string | null; hit_ids: string[]; source: string; page: number };
type Event = { type: string; object_ids: string[]; positions: number[] | null; user: string; query_id: string | null; value: number | null };

test('each search recorded once, with what reports need; facet-count queries are not searches; tokens hashed', async () => {
  await stack.json('/search?q=chair&brand=Acme');
  const { body } = await stack.json('/1/indexes/*/queries', {
    body: {
      requests: [
        { indexName: 'products', params: 'query=table&hitsPerPage=5&clickAnalytics=true&userToken=shopper-42&facets=%5B%22brand%22%5D' },
        { indexName: 'products', params: 'query=table&hitsPerPage=0&facets=%5B%22brand%22%5D' },
      ],
    },
  });
  const queryID = body.results[0].queryID as string;
  expect(queryID).toMatch(/^[0-9a-f]{32}$/);
  expect(body.results[1].queryID).toBeUndefined();
  const searches = await recorded<Search>('searches', 2);
  expect(searches).toHaveLength(2);
  expect(searches[0]).toMatchObject({ query: 'chair', total: 3, filters: ['brand:Acme'], user: null, source: '/search', page: 0 });
  expect(searches[1]).toMatchObject({ query: 'table', total: 2, query_id: queryID, user: hashUserToken('demo', 'shopper-42'), source: 'products' });
  expect(searches[1]!.hit_ids.sort()).toEqual(['4', '5']);
  expect(JSON.stringify(searches)).not.toContain('shopper-42');
});

test('Insights events: recorded when valid; one bad event is a 422 naming it, and nothing of its batch is kept', async () => {
  const { body } = await stack.json('/1/indexes/*/queries', { body: { requests: [{ indexName: 'products', params: 'query=chair&clickAnalytics=true' }] } });
  const queryID = body.results[0].queryID as string;
  const click = { eventType: 'click', eventName: 'Product clicked', index: 'products', userToken: 'shopper-7', queryID, objectIDs: ['2'], positions: [2] };
  const purchase = { eventType: 'conversion', eventSubtype: 'purchase', eventName: 'Bought', index: 'products', userToken: 'shopper-7', queryID, objectIDs: ['2', '3'], objectData: [{ price: 10.5, quantity: 2 }, { price: '4', discount: 1 }], currency: 'EUR' };
  const bad = await stack.json('/1/events', { body: { events: [click, { ...click, positions: undefined }] } });
  expect(bad.status).toBe(422);
  expect(bad.body).toMatchObject({ status: 422, field: 'events[1].positions' });
  const ok = await stack.json('/1/events', { body: { events: [click, purchase] } });
  expect([ok.status, ok.body]).toEqual([200, { status: 200, message: 'OK' }]);
  const events = await recorded<Event>('events', 2);
  expect(events).toHaveLength(2);
  expect(events[0]).toMatchObject({ type: 'click', object_ids: ['2'], positions: [2], query_id: queryID, user: hashUserToken('demo', 'shopper-7') });
  expect(events[1]).toMatchObject({ type: 'conversion', value: 24 });
});

test('Elasticsearch down for analytics: recording never throws or waits; at most the queue is lost, and counted', async () => {
  const dead = new ElasticsearchHttp({ url: 'http://127.0.0.1:9', timeoutMs: 500, retryAfterSeconds: 1 });
  const recorder = new AnalyticsRecorder((ndjson) => dead.bulk(ndjson), stack.prefix, createLogger('analytics-test'), { maxQueue: 5, batch: 100, maxWaitMs: 60_000 });
  const doc = (i: number) => ({ tenant: 'demo', at: new Date().toISOString(), query: `q${i}`, query_id: null, total: 0, page: 0, hits_per_page: 20, hit_ids: [], filters: [], applied_rules: [], latency_ms: 1, user: null, source: '/search', analytics_tags: [] });
  for (let i = 0; i < 8; i += 1) recorder.record('searches', doc(i));
  expect(recorder.stats).toEqual({ recorded: 5, written: 0, dropped: 3 });
  await recorder.flush();
  expect(recorder.stats).toEqual({ recorded: 5, written: 0, dropped: 8 });
  dead.close();
});

test('retention: whole months older than the retention are deleted, the rest kept', async () => {
  await ensureAnalyticsTemplate(es, stack.prefix);
  const now = Date.parse('2026-12-05T00:00:00Z');
  const months = ['2026-07-15', '2026-08-15', '2026-09-15', '2026-12-01'].map((day) => analyticsIndex(stack.prefix, 'retained', 'searches', new Date(day)));
  for (const index of months) await es.indices.create({ index });
  // 90 days before Dec 5 is Sep 6: July and August ended before it; September did not.
  expect((await deleteExpiredAnalytics(es, stack.prefix, 'retained', 90, now)).sort()).toEqual(months.slice(0, 2));
  const left = Object.keys(await es.indices.get({ index: analyticsPattern(stack.prefix, 'retained', 'searches') })).sort();
  expect(left).toEqual(months.slice(2));
  expect((await es.indices.getMapping({ index: months[3]! }))[months[3]!]!.mappings.properties?.query).toEqual({ type: 'keyword' });
});
