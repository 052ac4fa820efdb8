/**
 * Click-aware ranking end to end: shoppers search through the InstantSearch
 * route with clickAnalytics and send Insights clicks; after ONE scheduled
 * indexer run, search lifts the product they chose more than its position
 * predicted, for every spelling that reads as the same query. A click
 * spammer moves nothing, a product the search did not show is never lifted,
 * enableReRanking=false and other sorts see the text ranking, another
 * tenant is untouched, and the merchant's report lists what is lifted.
 */
import type { Client } from '@elastic/elasticsearch';
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';
import { recordedAnalytics } from '../../support/recorded-analytics.js';
import { CLICK_RANKING_ID, clickRankingIndex, type ClickRankingDocument } from '../../../common/contract/click-ranking.js';
import { startAdminApi } from '../../support/admin-api.js';
import { tenantStatus } from '../../../indexer/status.js';

const catalog = [...Array.from({ length: 10 }, (_, i) => product(i + 1, { name: `Oak chair ${i + 1}`, productClass: ['Chairs'], price: 10 + i })), product(11, { name: 'Pine table', productClass: ['Tables'] })];

let stack: SearchStack;
let es: Client;
afterAll(() => stack?.close());

const searchIds = async (s: SearchStack, query: string, tenant = 'demo', extra = '') =>
  ((await s.json(`/search?q=${encodeURIComponent(query)}&size=20${extra}`, { tenant })).body.hits as Array<{ id: string }>).map((hit) => hit.id);

async function instantSearch(s: SearchStack, query: string, params: Record<string, string>) {
  const { body } = await s.json('/1/indexes/*/queries', { body: { requests: [{ indexName: 'products', params: new URLSearchParams({ query, hitsPerPage: '20', ...params }).toString() }] } });
  const result = body.results[0] as { hits: Array<{ objectID: string }>; queryID?: string };
  return { ids: result.hits.map((hit) => hit.objectID), queryID: result.queryID as string };
}

const click = (userToken: string, queryID: string, objectID: string, position: number, eventType = 'click') => ({
  eventType,
  eventName: 'Product chosen',
  index: 'products',
  userToken,
  queryID,
  objectIDs: [objectID],
  ...(eventType === 'click' ? { positions: [position] } : {}),
});

test('after ONE scheduled run, the product shoppers chose is lifted; a spammer, an unshown product and other tenants are not', async () => {
  stack = await startSearchStack({ tenants: { demo: catalog, other: catalog }, env: { ANALYTICS_MAX_WAIT_MS: '0' } });
  es = stack.tenants.get('demo')!.es;
  const before = await searchIds(stack, 'oak chair');
  const chosen = before[5] as string; // shown 6th
  const spammed = before[7] as string; // shown 8th
  let searches = 0;
  let events = 0;
  // Twelve shoppers each search and choose the 6th product; two of them also "click" the pine table, which no search showed.
  for (let n = 0; n < 12; n++) {
    const { ids, queryID } = await instantSearch(stack, n % 2 ? 'oak chair' : 'Oak Chairs', { clickAnalytics: 'true', userToken: `shopper-${n}` });
    const sent = [click(`shopper-${n}`, queryID, chosen, ids.indexOf(chosen) + 1), ...(n < 2 ? [click(`shopper-${n}`, queryID, '11', 3)] : [])];
    await stack.json('/1/events', { body: { events: sent } });
    searches += 1;
    events += sent.length;
  }
  // One token, 40 searches, clicking and buying the 8th product every time.
  for (let i = 0; i < 40; i++) {
    const { ids, queryID } = await instantSearch(stack, 'oak chair', { clickAnalytics: 'true', userToken: 'spammer' });
    await stack.json('/1/events', { body: { events: [click('spammer', queryID, spammed, ids.indexOf(spammed) + 1), click('spammer', queryID, spammed, 0, 'conversion')] } });
    searches += 1;
    events += 2;
  }
  await recordedAnalytics(es, stack.prefix, 'demo', 'events', events);
  const recorded = await recordedAnalytics<{ query_id: string | null }>(es, stack.prefix, 'demo', 'searches', searches + 1);
  expect(recorded.filter((s) => s.query_id).length).toBe(searches);

  const report = await stack.tenants.get('demo')!.run('reconcile');
  expect(report.status).toBe('succeeded');
  const stored = (await es.get<ClickRankingDocument>({ index: clickRankingIndex(stack.prefix, 'demo'), id: CLICK_RANKING_ID }))._source!;
  const lifted = new Map(stored.queries['oak chair'] ?? []);
  expect([...lifted.keys()]).toEqual([chosen]);
  // Status says what it was learned from.
  const harness = stack.tenants.get('demo')!;
  expect((await tenantStatus(harness.es, harness.config, 'demo')).clickRanking).toEqual({ builtAt: stored.built_at, searches, events, queries: 1 });

  // The merchant sees what is lifted (admin report), and another tenant's key sees its own (nothing).
  const admin = await startAdminApi(stack.prefix, ['demo', 'other']);
  try {
    const rows = (await admin.call('GET', '/admin/api/reports/re-ranked')).body.rows as Array<Record<string, unknown>>;
    expect(rows).toEqual([{ query: 'oak chair', productId: chosen, factor: lifted.get(chosen), builtAt: stored.built_at }]);
    expect((await admin.call('GET', '/admin/api/reports/re-ranked', { tenant: 'other' })).body.rows).toEqual([]);
  } finally {
    await admin.close();
  }

  // A container started now reads the new ranking at its first request.
  const fresh = await startSearchStack({ tenants: { demo: [], other: [] }, indexOf: stack });
  try {
    const after = await searchIds(fresh, 'oak chair');
    expect(after.indexOf(chosen)).toBeLessThan(5);
    expect(after.indexOf(spammed)).toBe(7 - (after.indexOf(chosen) < 7 ? 0 : 1));
    expect(after).not.toContain('11');
    expect(new Set(after)).toEqual(new Set(before));
    // Spelled another way, read as the same query; InstantSearch alike, unless it turns re-ranking off.
    expect((await searchIds(fresh, 'OAK CHAIRS')).indexOf(chosen)).toBe(after.indexOf(chosen));
    expect((await instantSearch(fresh, 'oak chair', {})).ids).toEqual(after);
    expect((await instantSearch(fresh, 'oak chair', { enableReRanking: 'false' })).ids).toEqual(before);
    // Another sort orders by itself; another tenant has its own (no) clicks.
    expect(await searchIds(fresh, 'oak chair', 'demo', '&sort=price_asc')).toEqual(await searchIds(stack, 'oak chair', 'demo', '&sort=price_asc'));
    expect(await searchIds(fresh, 'oak chair', 'other')).toEqual(await searchIds(stack, 'oak chair', 'other'));
  } finally {
    await fresh.close();
  }
}, 240_000);
