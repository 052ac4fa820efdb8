/**
 * Full reindex with zero downtime: crawl the whole change feed into a fresh
 * versioned index, check it against the source, then swap the alias
 * atomically. The crawl is resumable: its cursor (with the products it last
 * read, see source/change-feed.ts) is checkpointed after every page, so a
 * catalog larger than one Lambda invocation (or one rate-limit window) is
 * finished by the following runs. Because the crawl is the change feed read
 * from the beginning, products changed while it runs are read again at its
 * end. Products hard-deleted while it runs leave no trace in the feed: the
 * check before the swap finds them.
 */
import { START_OF_FEED } from '../source/change-feed.js';
import { syncChanges } from './change-sync.js';
import type { TenantContext } from './context.js';
import { reconcile } from './reconcile.js';
import type { ReindexCheckpoint } from './sync-state.js';

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

/**
 * The new index must hold exactly the source's active products. Counts alone
 * can be fooled (a product deleted and another missed cancel out), so an
 * (id, DateModified) sweep runs whenever something may have changed under the
 * crawl: the counts differ, or a product read was modified after the crawl
 * started. Otherwise nothing moved while it read, and the count is proof
 * enough (a hard delete alone changes the count; one masked by an insert
 * carrying an old DateModified is left to the hourly reconciliation).
 */
async function verifyAgainstSource(ctx: TenantContext, index: string, activeCount: number, sawChanges: boolean): Promise<void> {
  const indexed = await ctx.lifecycle.countDocuments(index);
  const pending = await pendingActiveFailures(ctx);
  if (!sawChanges && indexed + pending === activeCount) {
    ctx.stats.verifiedBy = 'count';
    return;
  }
  ctx.logger.info('the catalog changed during the crawl: checking ids before the swap', { indexed, pending, activeCount });
  ctx.stats.verifiedBy = 'sweep';
  // Failed and quarantined items count only when the source still holds them: an entry for a product deleted
  // since can never make the totals disagree (it used to block every swap for good).
  const { sourceCount, unindexedFailures } = await reconcile(ctx, index);
  const recount = await ctx.lifecycle.countDocuments(index);
  if (recount + unindexedFailures !== sourceCount) {
    throw new ReindexVerificationError(
      `new index ${index} holds ${recount} products (+${unindexedFailures} failed or quarantined) but the source has ${sourceCount}: alias left untouched`,
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
  await verifyAgainstSource(ctx, target, result.activeCount, sawChanges);
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
  }));
  const cleared = await ctx.failedItems.clearUnidentifiedNotSeenSince(current.startedAt);
  if (cleared > 0) ctx.logger.info('quarantined products without an id that the crawl did not meet again: cleared', { count: cleared });
  const orphans = await ctx.lifecycle.orphanedIndices([]);
  await ctx.lifecycle.deleteIndices(orphans);
  ctx.logger.info('full reindex swapped the alias', { index: target, documents, deletedIndices: [...deleted, ...orphans] });
  return { index: target, documents, deletedIndices: [...deleted, ...orphans] };
}
