/**
 * Full reindex with zero downtime: crawl the whole change feed into a fresh
 * versioned index, check it against the source, then swap the alias
 * atomically. The crawl is resumable: its cursor (with the products it last
 * read, see source/change-feed.ts) is checkpointed after every page, so a
 * catalog larger than one Lambda invocation (or one rate-limit window) is
 * finished by the following runs. Because the crawl is the change feed read
 * from the beginning, products changed while it runs are read again at its
 * end. Products hard-deleted while it runs leave no trace in the feed: the
 * check before the swap (a checkpointed sweep, sync/sweep.ts) finds them.
 */
import { START_OF_FEED } from '../source/change-feed.js';
import { syncChanges } from './change-sync.js';
import type { TenantContext } from './context.js';
import { continueSweep, newSweep, unindexedFailures } from './sweep.js';
import type { ReindexCheckpoint, SweepCheckpoint } from './sync-state.js';

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
    sawChanges: false,
  };
  await ctx.lease.update((state) => ({ ...state, reindex: checkpoint }));
  ctx.logger.info('full reindex started', { targetIndex });
  return checkpoint;
}

async function pendingActiveFailures(ctx: TenantContext): Promise<number> {
  return (await ctx.failedItems.list()).filter((item) => item.active).length;
}

/** Sweeps before a swap: a pass whose totals disagree (the catalog changed under it) is followed by one more, at most. */
export const MAX_VERIFICATION_PASSES = 2;

/** A last pass may still be off by what changed under it: swapped, and mended by the reconciliation that follows. */
export const tolerableDifference = (sourceCount: number): number => Math.max(10, Math.ceil(sourceCount / 1000));

type Verification = 'verified' | 'verified-approximately' | 'paused';

/**
 * The new index must hold exactly the source's active products. Counts alone
 * can be fooled (a product deleted and another missed cancel out), so the
 * reconciliation sweep (sync/sweep.ts) runs over the new index whenever
 * something may have changed under the crawl: the counts differ, or a
 * product read was modified after the crawl started. Otherwise nothing moved
 * while it read, and the count is proof enough (a hard delete alone changes
 * the count; one masked by an insert carrying an old DateModified is left to
 * the hourly reconciliation). The sweep is checkpointed in the reindex's
 * state and spends only the sweeps' share of the rate window, so at any
 * catalog size it finishes over the following runs; it converges in at most
 * MAX_VERIFICATION_PASSES passes, and what changed during the last one is
 * mended by the reconciliation that starts right after the swap.
 */
async function verifyAgainstSource(ctx: TenantContext, index: string, activeCount: number, sawChanges: boolean): Promise<Verification> {
  const save = async (checkpoint: SweepCheckpoint) => {
    await ctx.lease.update((state) => (state.reindex ? { ...state, reindex: { ...state.reindex, verification: checkpoint } } : state));
  };
  // A pass is recorded before it starts; one under way (from an earlier run) is already in the state.
  let sweep = ctx.lease.state.reindex?.verification ?? null;
  if (!sweep) {
    const indexed = await ctx.lifecycle.countDocuments(index);
    const pending = await pendingActiveFailures(ctx);
    if (!sawChanges && indexed + pending === activeCount) {
      ctx.stats.verifiedBy = 'count';
      return 'verified';
    }
    ctx.logger.info('the catalog changed during the crawl: checking ids before the swap', { indexed, pending, activeCount });
    sweep = newSweep(index, 'verify');
    await save(sweep);
  }
  ctx.stats.verifiedBy = 'sweep';
  for (;;) {
    const outcome = await continueSweep(ctx, sweep, save);
    if (!outcome.finished) {
      ctx.logger.info('verification before the swap continues next run', { reason: outcome.reason, checked: outcome.checkpoint.checked });
      return 'paused';
    }
    // Failed and quarantined items count only when the source still holds them: entries for products deleted
    // since were cleared at the run's start, and can never make the totals disagree for good.
    const recount = await ctx.lifecycle.countDocuments(index);
    const failures = await unindexedFailures(ctx, index);
    const sourceCount = outcome.checkpoint.sourceTotal ?? 0;
    const difference = Math.abs(recount + failures - sourceCount);
    if (difference === 0) return 'verified';
    if (outcome.checkpoint.passes < MAX_VERIFICATION_PASSES) {
      ctx.logger.info('the catalog changed during the check: one more pass', { recount, failures, sourceCount });
      sweep = { ...newSweep(index, 'verify'), passes: outcome.checkpoint.passes + 1 };
      await save(sweep);
      continue;
    }
    if (difference <= tolerableDifference(sourceCount)) {
      ctx.logger.warn('new index differs from the source by what changed during the check: swapping, reconciliation follows', { recount, failures, sourceCount });
      return 'verified-approximately';
    }
    throw new ReindexVerificationError(
      `new index ${index} holds ${recount} products (+${failures} failed or quarantined) but the source has ${sourceCount}: alias left untouched`,
    );
  }
}

export interface ReindexResult {
  index: string;
  documents: number;
  deletedIndices: string[];
}

/**
 * Continues (or finishes) the reindex in `checkpoint`; throws when stopped early, leaving the checkpoint.
 * undefined: the crawl is done and its verification continues next run (the sweeps' share is spent).
 */
export async function continueReindex(ctx: TenantContext, checkpoint: ReindexCheckpoint): Promise<ReindexResult | undefined> {
  let current = checkpoint;
  if (!(await ctx.lifecycle.indexExists(current.targetIndex))) {
    ctx.logger.warn('reindex target index disappeared: starting the reindex again', { targetIndex: current.targetIndex });
    current = await startReindex(ctx);
  }
  const target = current.targetIndex;
  const startedMs = Date.parse(current.startedAt);
  const result = await syncChanges(ctx, target, current.cursor, 'reindex', undefined, async ({ cursor, read, activeCount, newestModifiedMs }) => {
    await ctx.lease.update((state) => {
      const reindex = state.reindex ?? current;
      return {
        ...state,
        reindex: {
          ...reindex,
          cursor,
          pages: reindex.pages + 1,
          documents: reindex.documents + read,
          expected: activeCount,
          sawChanges: reindex.sawChanges === true || newestModifiedMs >= startedMs,
        },
      };
    });
  });

  await ctx.lifecycle.finishBuild(target);
  const sawChanges = ctx.lease.state.reindex?.sawChanges === true;
  const verification = await verifyAgainstSource(ctx, target, result.activeCount, sawChanges);
  if (verification === 'paused') return undefined;
  await ctx.lease.fence(); // the swap is not part of the state document: prove the lock is ours right before it
  const { deleted } = await ctx.lifecycle.swapAlias(target);
  const documents = await ctx.lifecycle.countDocuments(target);
  await ctx.lease.update((state) => ({
    ...state,
    // The crawl read the feed up to now: incremental syncs continue from where it ended.
    // A change committed late may sit anywhere the crawl passed since it started: re-read from there.
    watermark: { cursor: result.cursor, caughtUp: true, readAt: current.startedAt, resume: null },
    reindex: null,
    lastFullReindexAt: new Date().toISOString(),
    // What changed during the last verification pass is mended by a reconciliation of the new live index.
    sweep: verification === 'verified-approximately' ? newSweep(ctx.names.productsAlias, 'reconcile') : null,
  }));
  const cleared = await ctx.failedItems.clearUnidentifiedNotSeenSince(current.startedAt);
  if (cleared > 0) ctx.logger.info('quarantined products without an id that the crawl did not meet again: cleared', { count: cleared });
  const orphans = await ctx.lifecycle.orphanedIndices([]);
  await ctx.lifecycle.deleteIndices(orphans);
  ctx.logger.info('full reindex swapped the alias', { index: target, documents, deletedIndices: [...deleted, ...orphans] });
  return { index: target, documents, deletedIndices: [...deleted, ...orphans] };
}
