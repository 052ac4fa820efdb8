/**
 * One page of raw products into one index: transform, bulk write, and keep
 * every product that did not make it (malformed, or rejected by
 * Elasticsearch) in the failed-items store with its id and reason.
 */
import { toAction, type ProductAction } from '../transform/to-document.js';
import type { NewFailure } from '../sink/failed-items.js';
import { forgetFailures, type TenantContext } from './context.js';

export interface PageOutcome {
  failures: number;
}

type WriteAction = Exclude<ProductAction, { kind: 'invalid' }>;

function isActive(raw: unknown): boolean {
  return Boolean(raw && typeof raw === 'object' && (raw as { active?: unknown }).active === true);
}

export async function applyActions(
  ctx: TenantContext,
  index: string,
  actions: readonly ProductAction[],
  rawById: ReadonlyMap<string, unknown>,
  newChangesAfterMs?: number,
): Promise<PageOutcome> {
  const writes = actions.filter((action): action is WriteAction => action.kind !== 'invalid');
  const failures: NewFailure[] = [];
  for (const action of actions) {
    if (action.kind !== 'invalid') continue;
    failures.push({
      productId: action.id,
      reason: 'invalid_product',
      detail: action.reason,
      status: null,
      active: isActive(action.raw),
      product: action.raw,
    });
  }
  // The live index's lexicon follows every write (sync/lexicon-updates.ts); a new index gets its own when it goes live.
  const live = index === ctx.names.productsAlias;
  const replaced = live ? await ctx.lexiconUpdates.indexedCopies(index, writes.map((write) => write.id)) : undefined;
  const outcome = await ctx.writer.write(index, writes);
  if (live) await ctx.lexiconUpdates.record(replaced, writes, outcome.changedIds);
  for (const rejected of outcome.rejected) {
    failures.push({
      productId: rejected.id,
      reason: 'rejected_by_elasticsearch',
      detail: rejected.reason,
      status: rejected.status,
      active: rejected.action.kind === 'index',
      product: rawById.get(rejected.id) ?? null,
    });
  }
  for (const failure of failures) {
    ctx.logger.warn('product not indexed', {
      productId: failure.productId ?? '(no id)',
      reason: failure.reason,
      detail: failure.detail,
      status: failure.status,
    });
  }
  // Written, or deleted because the source deactivated it: either way its failed-items entry is done.
  const recovered = outcome.succeededIds.filter((id) => ctx.failedIds.has(id) || ctx.quarantinedIds.has(id));
  // The failed-items store is state too: only the lock's holder may change it.
  if (failures.length > 0 || recovered.length > 0) await ctx.lease.fence();
  const quarantined = await ctx.failedItems.record(failures, ctx.runId);
  await ctx.failedItems.clear(recovered);
  forgetFailures(ctx, recovered);
  for (const failure of failures) if (failure.productId && !ctx.quarantinedIds.has(failure.productId)) ctx.failedIds.add(failure.productId);
  for (const key of quarantined) {
    ctx.failedIds.delete(key);
    ctx.quarantinedIds.add(key);
  }
  if (quarantined.length > 0) {
    ctx.logger.error('products quarantined after repeated failures: reported, retried hourly, no longer failing runs', { count: quarantined.length, ids: quarantined.slice(0, 20) });
  }

  const now = Date.now();
  if (newChangesAfterMs !== undefined) {
    for (const action of writes) {
      if (action.version > newChangesAfterMs) ctx.stats.maxLagMs = Math.max(ctx.stats.maxLagMs, now - action.version);
    }
  }
  ctx.stats.documentsIndexed += outcome.indexed;
  ctx.stats.documentsDeleted += outcome.deleted;
  ctx.stats.documentsUnchanged += outcome.unchanged;
  ctx.stats.invalidProducts += actions.length - writes.length;
  ctx.stats.rejectedDocuments += outcome.rejected.length;
  return { failures: failures.length };
}

/** Transforms and applies raw API products. */
export async function applyRawProducts(
  ctx: TenantContext,
  index: string,
  items: readonly unknown[],
  newChangesAfterMs?: number,
): Promise<PageOutcome> {
  const actions = items.map((item) => toAction(item, ctx.language));
  const rawById = new Map<string, unknown>();
  actions.forEach((action, i) => {
    if (action.id) rawById.set(action.id, items[i]);
  });
  return applyActions(ctx, index, actions, rawById, newChangesAfterMs);
}
