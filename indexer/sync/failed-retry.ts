/**
 * The failed-items store's lifecycle at the start of every run (see
 * sink/failed-items.ts). Each pending entry is retried from the source's
 * current copy, never the stale one stored: a product fixed at the source is
 * written, one deactivated is deleted, and one the source no longer has
 * (hard-deleted) leaves the store and every index. A product refused and then
 * deleted used to stay in the store for good, failing every run and blocking
 * every full reindex's swap. Quarantined entries are retried the same way, by
 * reconciliation runs only.
 */
import { isQuarantined, UNIDENTIFIED_PREFIX } from '../sink/failed-items.js';
import { applyRawProducts } from './apply-page.js';
import { checkDeadline, forgetFailures, type TenantContext } from './context.js';
import { chunks } from './chunks.js';
import { productId } from '../source/change-feed.js';

export async function retryFailedItems(ctx: TenantContext, indices: readonly string[], includeQuarantined: boolean): Promise<void> {
  const items = await ctx.failedItems.list();
  // Filled in place: the run's report reads these very sets.
  ctx.failedIds.clear();
  ctx.quarantinedIds.clear();
  for (const item of items) (isQuarantined(item) ? ctx.quarantinedIds : ctx.failedIds).add(item.product_id);
  if (ctx.quarantinedIds.size > 0) ctx.logger.warn('quarantined products are not indexed', { count: ctx.quarantinedIds.size, ids: [...ctx.quarantinedIds].slice(0, 20) });
  // A product without a usable id cannot be looked up at the source (it stays quarantined until a full reindex).
  const due = items
    .filter((item) => !item.product_id.startsWith(UNIDENTIFIED_PREFIX) && (includeQuarantined || !isQuarantined(item)))
    .map((item) => item.product_id);
  if (due.length === 0 || indices.length === 0) return;
  ctx.logger.info('retrying stored failures from the source', { count: due.length });

  const current: unknown[] = [];
  for (const batch of chunks(due, ctx.pageSize)) {
    checkDeadline(ctx);
    current.push(...(await ctx.commerce.productsPage({ limit: batch.length, offset: 0, ids: batch })).items);
  }
  const returned = new Set(current.map(productId));
  const gone = due.filter((id) => !returned.has(id));
  if (gone.length > 0) {
    // Hard-deleted at the source: nothing to retry, and no copy may stay searchable. Only the lock's holder writes.
    await ctx.lease.fence();
    for (const index of indices) {
      const response = await ctx.es.bulk({ operations: gone.map((id) => ({ delete: { _index: index, _id: id } })), refresh: false });
      if (response.errors && response.items.some((item) => (item.delete?.status ?? 200) >= 300 && item.delete?.status !== 404)) {
        throw new Error('could not remove failed items that were deleted at the source');
      }
    }
    await ctx.failedItems.clear(gone);
    forgetFailures(ctx, gone);
    ctx.logger.info('failed items deleted at the source: cleared', { count: gone.length, ids: gone.slice(0, 20) });
  }
  // Written, deactivated (a delete) or failing again: applyActions clears or records each.
  for (const index of indices) await applyRawProducts(ctx, index, current);
}
