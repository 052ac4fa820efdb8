/**
 * Search analytics at load, side by side in one run:
 *   - Insights events ingested by POST /1/events through the real search
 *     process (batches of 10 clicks, 16 connections): events/s, and how many
 *     of the accepted ones reached Elasticsearch (the rest were dropped by the
 *     recorder's bounded queue, as docs/analytics.md bounds it);
 *   - storage per million recorded searches: 100,000 synthetic search records
 *     (the workload's queries, realistic hit lists) written as the recorder
 *     writes them, the index size scaled to a million.
 */
import type { Client } from '@elastic/elasticsearch';
import { analyticsIndex, analyticsPattern, hashUserToken, type SearchRecord } from '../common/contract/analytics.js';
import { runLoad } from './load.js';
import { ensureAnalyticsTemplate } from '../indexer/sink/analytics-housekeeping.js';

export interface AnalyticsFigures {
  events: { perSecond: number; accepted: number; recorded: number; errors: number; seconds: number };
  storage: { searches: number; bytes: number; bytesPerMillion: number };
}

const BATCH = 10;

export async function benchAnalytics(options: { searchUrl: string; es: Client; prefix: string; tenant: string; queries: readonly string[]; seconds: number }): Promise<AnalyticsFigures> {
  const { es, prefix, tenant } = options;
  const click = (i: number) => ({ eventType: 'click', eventName: 'Product clicked', index: 'products', userToken: `bench-user-${i % 500}`, objectIDs: [String(1000 + i)], positions: [1 + (i % 20)], queryID: (i % 16).toString(16).repeat(32) });
  const body = JSON.stringify({ events: Array.from({ length: BATCH }, (_, i) => click(i)) });
  const events = analyticsPattern(prefix, tenant, 'events');
  const before = await count(es, events);
  const load = await runLoad(options.searchUrl, [{ method: 'POST', path: '/1/events', headers: { 'content-type': 'application/json', 'x-tenant-id': tenant }, body }], 16, options.seconds);
  // What the recorder still had queued goes out with the next responses' writes.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await fetch(`${options.searchUrl}/1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant-id': tenant }, body });
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const recorded = (await count(es, events)) - before;
  // Every batch sent and not refused, those still in flight when the time ran out included, and the last one.
  const accepted = (load.sent - load.errors + 1) * BATCH;

  // Storage: a month's index of 100,000 searches, written in the recorder's bulk shape.
  const storagePrefix = `${prefix}store`;
  await ensureAnalyticsTemplate(es, storagePrefix);
  const index = analyticsIndex(storagePrefix, tenant, 'searches', new Date());
  const searches = 100_000;
  const at = Date.now();
  for (let start = 0; start < searches; start += 5_000) {
    const operations = Array.from({ length: Math.min(5_000, searches - start) }, (_, j) => {
      const i = start + j;
      const record: SearchRecord = {
        tenant,
        at: new Date(at - i * 1000).toISOString(),
        query: (options.queries[i % options.queries.length] ?? 'sofa').toLowerCase(),
        query_id: i % 3 === 0 ? (i % 65_536).toString(16).padStart(32, '0') : null,
        total: (i * 37) % 900,
        page: i % 7 === 0 ? 1 : 0,
        hits_per_page: 20,
        hit_ids: Array.from({ length: 20 }, (_, k) => String(1 + ((i * 13 + k * 101) % 42_000))),
        filters: i % 5 === 0 ? ['brand:Acme'] : [],
        applied_rules: i % 11 === 0 ? ['sale-redirect'] : [],
        latency_ms: 20 + (i % 40),
        user: hashUserToken(tenant, `u${i % 20_000}`),
        source: i % 2 ? 'products' : '/search',
        analytics_tags: [],
      };
      return [{ create: { _index: index } }, record];
    });
    await es.bulk({ operations: operations.flat(), refresh: false });
  }
  await es.indices.refresh({ index });
  await es.indices.forcemerge({ index, max_num_segments: 1 });
  const bytes = (await es.indices.stats({ index, metric: 'store' }))._all.primaries?.store?.size_in_bytes ?? 0;
  await es.indices.delete({ index });
  await es.indices.deleteIndexTemplate({ name: `${storagePrefix}-analytics` });
  return {
    events: { perSecond: load.requestsPerSecond * BATCH, accepted, recorded, errors: load.errors, seconds: options.seconds },
    storage: { searches, bytes, bytesPerMillion: Math.round((bytes * 1_000_000) / searches) },
  };
}

async function count(es: Client, index: string): Promise<number> {
  await es.indices.refresh({ index, allow_no_indices: true, ignore_unavailable: true });
  return (await es.count({ index, allow_no_indices: true, ignore_unavailable: true })).count;
}
