/**
 * Reads the change feed from a cursor to its end into one index, saving the
 * cursor after each page is safely written (never before), so a crash or a
 * deadline only means the next run re-reads the few pages in flight.
 */
import { applyRawProducts } from './apply-page.js';
import { changedProductPages, modifiedMs, type FeedCursor } from '../source/change-feed.js';
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

function newestModifiedMs(items: readonly unknown[]): number {
  return items.reduce<number>((newest, item) => Math.max(newest, modifiedMs(item) ?? 0), 0);
}

/** Pages written at once: their bulks overlap, their checkpoints still commit strictly in order. */
const PAGES_IN_FLIGHT = 2;

export async function syncChanges(
  ctx: TenantContext,
  index: string,
  start: FeedCursor,
  phase: ProgressEvent['phase'],
  /** Products modified after this instant count as new changes (for the lag metric). */
  newChangesAfterMs: number | undefined,
  /** Persists the cursor after a page (and every page before it) was written; `read`: the page's new products. */
  saveCheckpoint: (page: { cursor: FeedCursor; caughtUp: boolean; read: number; activeCount: number; newestModifiedMs: number }) => Promise<void>,
): Promise<ChangeSyncResult> {
  let read = 0;
  let cursor = start;
  let activeCount = 0;
  const inFlight: Array<{
    written: Promise<unknown>;
    next: FeedCursor;
    last: boolean;
    count: number;
    expected: number;
    activeCount: number;
    newestMs: number;
  }> = [];
  // Oldest first: a page's cursor is saved only once it and every page before it were written.
  const commitOldest = async () => {
    const page = inFlight.shift();
    if (!page) return;
    await page.written;
    ctx.stats.pages += 1;
    read += page.count;
    cursor = page.next;
    await saveCheckpoint({ cursor: page.next, caughtUp: page.last, read: page.count, activeCount: page.activeCount, newestModifiedMs: page.newestMs });
    ctx.onProgress?.({ phase, read, expected: page.expected });
  };
  try {
    let queued = 0;
    for await (const { page, unread, cursor: next, last } of readAhead(changedProductPages(ctx.commerce, start, ctx.pageSize))) {
      const expected = read + queued + Math.max(0, page.total - (inFlight.at(-1)?.next ?? cursor).skip);
      // A run that lost its lock writes nothing more: the lock is proven ours (a fenced write) before each page.
      await ctx.lease.fence();
      const written = applyRawProducts(ctx, index, unread, newChangesAfterMs);
      written.catch(() => {}); // awaited in order by commitOldest
      inFlight.push({ written, next, last, count: unread.length, expected, activeCount: page.activeCount, newestMs: newestModifiedMs(unread) });
      queued += unread.length;
      activeCount = page.activeCount;
      if (inFlight.length >= PAGES_IN_FLIGHT) {
        queued -= inFlight[0]?.count ?? 0;
        await commitOldest();
      }
      if (!last) checkDeadline(ctx);
    }
    while (inFlight.length > 0) await commitOldest();
  } catch (error) {
    // Stopping early (deadline, budget, upstream failure): pages already sent that were written still commit,
    // in order, up to the first one that failed; the rest is re-read next run.
    try {
      while (inFlight.length > 0) await commitOldest();
    } catch {
      await Promise.allSettled(inFlight.map((page) => page.written));
    }
    throw error;
  }
  return { cursor, activeCount, read };
}
