/**
 * Reads the change feed from a cursor to its end into one index, saving the
 * cursor after each page is safely written (never before), so a crash or a
 * deadline only means the next run re-reads at most one page.
 */
import { applyRawProducts } from './apply-page.js';
import { changedProductPages, type FeedCursor } from '../source/change-feed.js';
import { checkDeadline, type ProgressEvent, type TenantContext } from './context.js';

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
  for await (const { page, cursor: next, last } of changedProductPages(ctx.commerce, start, ctx.pageSize)) {
    const expected = read + Math.max(0, page.total - cursor.skip);
    await applyRawProducts(ctx, index, page.items, newChangesAfterMs);
    ctx.stats.pages += 1;
    read += page.items.length;
    activeCount = page.activeCount;
    cursor = next;
    await saveCheckpoint(next, last, page.items.length);
    ctx.onProgress?.({ phase, read, expected });
    if (!last) checkDeadline(ctx);
  }
  return { cursor, activeCount, read };
}
