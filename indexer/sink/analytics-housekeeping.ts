/**
 * The indexer's share of search analytics (common/contract/analytics.ts):
 * an index template, so the monthly indices the search function's writes
 * create get the analytics mapping; and retention, enforced on the
 * indexer's schedule by deleting whole months older than it.
 */
import type { Client } from '@elastic/elasticsearch';
import { ANALYTICS_MAPPINGS, analyticsIndexMonth, analyticsPattern, type AnalyticsKind } from '../../common/contract/analytics.js';

const KINDS: AnalyticsKind[] = ['searches', 'events'];

export async function ensureAnalyticsTemplate(es: Client, prefix: string): Promise<void> {
  await es.indices.putIndexTemplate({
    name: `${prefix}-analytics`,
    index_patterns: [`${prefix}-analytics-*`],
    priority: 100,
    template: { settings: { number_of_shards: 1, auto_expand_replicas: '0-1', refresh_interval: '5s' }, mappings: ANALYTICS_MAPPINGS as never },
  });
}

/** Deletes the tenant's analytics months that ended more than `retentionDays` ago; returns their names. */
export async function deleteExpiredAnalytics(es: Client, prefix: string, tenant: string, retentionDays: number, now = Date.now()): Promise<string[]> {
  const cutoff = now - retentionDays * 86_400_000;
  const expired: string[] = [];
  for (const kind of KINDS) {
    const indices = Object.keys(await es.indices.get({ index: analyticsPattern(prefix, tenant, kind), allow_no_indices: true, expand_wildcards: 'open' }));
    for (const index of indices) {
      const month = analyticsIndexMonth(index);
      if (!month) continue;
      const end = Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1);
      if (end <= cutoff) expired.push(index);
    }
  }
  if (expired.length > 0) await es.indices.delete({ index: expired });
  return expired;
}
