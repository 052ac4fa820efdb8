/**
 * Reads the change feed from a cursor to its end into one index, saving the
 * cursor after each page is safely written (never before), so a crash or a
 * deadline only means the next run re-reads at most one page.
 */
import { applyRawProducts } from './apply-page.js';
import { changedProductPages, type FeedCursor } from '../source/change-feed.js';
import { checkDeadline, type ProgressEvent, type TenantContext } from './context.js';

/**
 * Starts fetching the next page while the current one is being written: the
 * API and Elasticsearch work in parallel instead of taking turns. Same
 * requests, same order of checkpoints; a run that stops early has spent at
 * most one request on a page it does not write (re-read next run).
 */
export async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = source.next();
    next.catch(() => {}); // surfaced when awaited; never an unhandled rejection if we stop early
    yield current.value;
  }
}

export interface ChangeSyncResult {
  cursor: FeedCursor;
  /** Active products in the catalog as of the last page read. */
  activeCount: number;
  read: number;
}

export async function syncChanges(
  ctx: TenantContext,
  index: string,
  start: FeedCursor,
  phase: ProgressEvent['phase'],
  /** Products modified after this instant count as new changes (for the lag metric). */
  newChangesAfterMs: number | undefined,
  saveCheckpoint: (cursor: FeedCursor, caughtUp: boolean, pageSize: number) => Promise<void>,
): Promise<ChangeSyncResult> {
  let read = 0;
  let cursor = start;
  let activeCount = 0;
  for await (const { page, cursor: next, last } of readAhead(changedProductPages(ctx.commerce, start, ctx.pageSize))) {
    const expected = read + Math.max(0, page.total - cursor.skip);
    await applyRawProducts(ctx, index, page.items, newChangesAfterMs);
    ctx.stats.pages += 1;
    read += page.items.length;
    activeCount = page.activeCount;
    cursor = next;
    await saveCheckpoint(next, last, page.items.length);
    await ctx.keepLock();
    ctx.onProgress?.({ phase, read, expected });
    if (!last) checkDeadline(ctx);
  }
  return { cursor, activeCount, read };
}
