/**
 * A tenant's recorded analytics documents, once at least `expected` are in
 * Elasticsearch (the recorder writes in the background, and a write is seen
 * after a refresh): oldest first; fewer after 10 s (for the test to assert on).
 */
import type { Client } from '@elastic/elasticsearch';
import { analyticsPattern, type AnalyticsKind } from '../../common/contract/analytics.js';

export async function recordedAnalytics<T>(es: Client, prefix: string, tenant: string, kind: AnalyticsKind, expected: number): Promise<T[]> {
  const index = analyticsPattern(prefix, tenant, kind);
  const deadline = Date.now() + 10_000;
  for (;;) {
    await es.indices.refresh({ index, allow_no_indices: true, ignore_unavailable: true });
    const { hits } = await es.search<T>({ index, size: 1000, allow_no_indices: true, ignore_unavailable: true, sort: [{ at: 'asc' }] });
    if (hits.hits.length >= expected || Date.now() > deadline) return hits.hits.map((hit) => hit._source as T);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
