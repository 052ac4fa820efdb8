/**
 * Reconciliation sweep: compares (id, DateModified) of every active product
 * at the source with the index, and repairs what the change feed cannot show:
 *   - ids only in the index: hard-deleted at the source (re-checked by id
 *     before deletion, since offset paging over a changing catalog can skip
 *     an id);
 *   - ids only at the source: products imported with an old DateModified,
 *     or anything a sync missed: fetched and indexed;
 *   - ids whose indexed copy is older than the source's: fetched and indexed.
 * Runs hourly, and before a full reindex's swap when the catalog moved.
 */
import type { Client } from '@elastic/elasticsearch';
import { applyRawProducts } from './apply-page.js';
import { scanIndex } from '../sink/scan.js';
import { checkDeadline, forgetFailures, type TenantContext } from './context.js';
import { UNIDENTIFIED_PREFIX } from '../sink/failed-items.js';
import { chunks } from './chunks.js';

export interface ReconcileResult {
  /** Active products at the source, as seen by the sweep. */
  sourceCount: number;
  /** Of those, how many the index does not hold because they failed (pending or quarantined in the failed-items store). */
  unindexedFailures: number;
  removed: number;
  repaired: number;
  updated: number;
}

/** Every product in the index: id → DateModified (epoch ms). */
export async function indexedVersions(es: Client, index: string): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  const fields = { _source: false, docvalue_fields: [{ field: 'date_modified', format: 'epoch_millis' }] };
  for await (const hit of scanIndex<never>(es, index, fields, 10_000)) {
    const raw = (hit.fields as Record<string, unknown[]> | undefined)?.date_modified?.[0];
    if (hit._id) versions.set(hit._id, Number(raw ?? Number.NaN));
  }
  return versions;
}

export async function reconcile(ctx: TenantContext, index: string): Promise<ReconcileResult> {
  const source = new Map<string, number>();
  for (let offset = 0; ; offset += ctx.pageSize) {
    const page = await ctx.commerce.productIdsPage({ limit: ctx.pageSize, offset });
    page.ids.forEach((id, i) => source.set(id, page.modified[i] ?? Number.NaN));
    ctx.onProgress?.({ phase: 'reconcile', read: source.size, expected: page.total });
    if (page.ids.length < ctx.pageSize || offset + page.ids.length >= page.total) break;
    checkDeadline(ctx);
  }

  await ctx.es.indices.refresh({ index });
  const inIndex = await indexedVersions(ctx.es, index);

  const candidates = [...inIndex.keys()].filter((id) => !source.has(id));
  const confirmedGone: string[] = [];
  for (const batch of chunks(candidates, ctx.pageSize)) {
    const page = await ctx.commerce.productIdsPage({ limit: batch.length, offset: 0, ids: batch });
    const stillActive = new Map(page.ids.map((id, i) => [id, page.modified[i] ?? Number.NaN]));
    for (const id of batch) {
      const modified = stillActive.get(id);
      if (modified !== undefined) source.set(id, modified);
      else confirmedGone.push(id);
    }
  }
  let removed = 0;
  if (confirmedGone.length > 0) {
    await ctx.lease.fence(); // only the lock's holder deletes
    // Each delete carries the version read (the DateModified indexed): a copy written since (a product
    // reactivated, written by the run that holds the tenant now) is newer, and stays.
    const response = await ctx.es.bulk({
      operations: confirmedGone.map((id) => {
        const version = inIndex.get(id);
        return { delete: { _index: index, _id: id, ...(Number.isFinite(version) ? { version, version_type: 'external_gte' as const } : {}) } };
      }),
      refresh: 'wait_for',
    });
    const refused = response.items.filter((item) => (item.delete?.status ?? 200) >= 300 && item.delete?.status !== 404 && item.delete?.status !== 409);
    if (refused.length > 0) throw new Error('reconciliation could not delete every hard-deleted product');
    removed = response.items.filter((item) => (item.delete?.status ?? 500) < 300).length;
    ctx.logger.info('reconciliation removed hard-deleted products', { count: removed, ids: confirmedGone.slice(0, 50), keptNewer: confirmedGone.length - removed });
  }

  const failed = (id: string) => ctx.failedIds.has(id) || ctx.quarantinedIds.has(id);
  const missing: string[] = [];
  const stale: string[] = [];
  for (const [id, modified] of source) {
    if (failed(id)) continue; // kept in the failed-items store and retried from there
    const indexed = inIndex.get(id);
    if (indexed === undefined) missing.push(id);
    else if (modified > indexed) stale.push(id);
  }
  for (const batch of chunks([...missing, ...stale], ctx.pageSize)) {
    ctx.lease.check();
    const page = await ctx.commerce.productsPage({ limit: batch.length, offset: 0, ids: batch });
    await applyRawProducts(ctx, index, page.items);
  }
  if (missing.length + stale.length > 0) {
    ctx.logger.warn('reconciliation indexed products the index lacked or held stale', {
      missing: missing.length,
      stale: stale.length,
      ids: [...missing, ...stale].slice(0, 50),
    });
  }
  // Failed items whose product the source no longer holds active (deleted or deactivated) are done with.
  const notAtSource = [...ctx.failedIds, ...ctx.quarantinedIds].filter((id) => !source.has(id) && !id.startsWith(UNIDENTIFIED_PREFIX));
  if (notAtSource.length > 0) {
    ctx.lease.check();
    await ctx.failedItems.clear(notAtSource);
    forgetFailures(ctx, notAtSource);
  }
  const unindexedFailures = [...source.keys()].filter((id) => !inIndex.has(id) && failed(id)).length;
  ctx.stats.reconciledRemoved += removed;
  ctx.stats.reconciledRepaired += missing.length;
  ctx.stats.reconciledUpdated += stale.length;
  return { sourceCount: source.size, unindexedFailures, removed, repaired: missing.length, updated: stale.length };
}
