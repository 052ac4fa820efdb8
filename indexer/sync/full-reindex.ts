/**
 * Full reindex with zero downtime: crawl the whole change feed into a fresh
 * versioned index, check its size against the source, then swap the alias
 * atomically. The crawl is resumable: its cursor is checkpointed after every
 * page, so a catalog larger than one Lambda invocation (or one rate-limit
 * window) is finished by the following scheduled runs. Because the crawl is
 * the change feed read from the beginning, products changed while it runs
 * are read again at its end: when it catches up, the new index is current.
 */
import { START_OF_FEED } from '../source/change-feed.js';
import { syncChanges } from './change-sync.js';
import type { TenantContext } from './context.js';
import { reconcile } from './reconcile.js';
import { EMPTY_SYNC_STATE, type ReindexCheckpoint, type SyncState } from './sync-state.js';

export class ReindexVerificationError extends Error {
  override name = 'ReindexVerificationError';
}

export async function startReindex(ctx: TenantContext): Promise<ReindexCheckpoint> {
  const targetIndex = await ctx.lifecycle.createBuildIndex();
  const checkpoint: ReindexCheckpoint = {
    targetIndex,
    startedAt: new Date().toISOString(),
    cursor: START_OF_FEED,
    pages: 0,
    documents: 0,
  };
  await ctx.state.update<SyncState>('sync', ctx.tenant, (state) => ({ ...EMPTY_SYNC_STATE, ...state, reindex: checkpoint }));
  ctx.logger.info('full reindex started', { targetIndex });
  return checkpoint;
}

async function pendingActiveFailures(ctx: TenantContext): Promise<number> {
  return (await ctx.failedItems.list()).filter((item) => item.active).length;
}

/** Index count + products that could not be indexed must equal the active products at the source. */
async function verifyAgainstSource(ctx: TenantContext, index: string, activeCount: number): Promise<void> {
  const indexed = await ctx.lifecycle.countDocuments(index);
  const pending = await pendingActiveFailures(ctx);
  if (indexed + pending === activeCount) return;
  ctx.logger.warn('new index does not match the source count: reconciling before the swap', { indexed, pending, activeCount });
  const { sourceCount } = await reconcile(ctx, index);
  const recount = await ctx.lifecycle.countDocuments(index);
  const pendingAfter = await pendingActiveFailures(ctx);
  if (recount + pendingAfter !== sourceCount) {
    throw new ReindexVerificationError(
      `new index ${index} holds ${recount} products (+${pendingAfter} failed) but the source has ${sourceCount}: alias left untouched`,
    );
  }
}

export interface ReindexResult {
  index: string;
  documents: number;
  deletedIndices: string[];
}

/** Continues (or finishes) the reindex in `checkpoint`; throws when stopped early, leaving the checkpoint. */
export async function continueReindex(ctx: TenantContext, checkpoint: ReindexCheckpoint): Promise<ReindexResult> {
  let current = checkpoint;
  if (!(await ctx.lifecycle.indexExists(current.targetIndex))) {
    ctx.logger.warn('reindex target index disappeared: starting the reindex again', { targetIndex: current.targetIndex });
    current = await startReindex(ctx);
  }
  const target = current.targetIndex;
  const result = await syncChanges(ctx, target, current.cursor, 'reindex', undefined, async (cursor, _caughtUp, pageSize) => {
    await ctx.state.update<SyncState>('sync', ctx.tenant, (state) => {
      const base = { ...EMPTY_SYNC_STATE, ...state };
      const reindex = base.reindex ?? current;
      return { ...base, reindex: { ...reindex, cursor, pages: reindex.pages + 1, documents: reindex.documents + pageSize } };
    });
  });

  await ctx.lifecycle.finishBuild(target);
  await verifyAgainstSource(ctx, target, result.activeCount);
  const { deleted } = await ctx.lifecycle.swapAlias(target);
  const documents = await ctx.lifecycle.countDocuments(target);
  await ctx.state.update<SyncState>('sync', ctx.tenant, (state) => ({
    ...EMPTY_SYNC_STATE,
    ...state,
    // The crawl read the feed up to now: incremental syncs continue from where it ended.
    // A change committed late may sit anywhere the crawl passed since it started: re-read from there.
    watermark: { cursor: result.cursor, caughtUp: true, readAt: current.startedAt },
    reindex: null,
    lastFullReindexAt: new Date().toISOString(),
  }));
  const orphans = await ctx.lifecycle.orphanedIndices([]);
  await ctx.lifecycle.deleteIndices(orphans);
  ctx.logger.info('full reindex swapped the alias', { index: target, documents, deletedIndices: [...deleted, ...orphans] });
  return { index: target, documents, deletedIndices: [...deleted, ...orphans] };
}
