/**
 * Incremental sync of the live index: products changed since the tenant's
 * watermark (minus an overlap window, so products committed late with an
 * earlier DateModified are still seen). Deactivated products are deleted.
 * Re-running is harmless: writes are versioned by DateModified.
 */
import { laterCursor, rewindCursor, START_OF_FEED, type FeedCursor } from '../source/change-feed.js';
import { syncChanges, type ChangeSyncResult } from './change-sync.js';
import type { TenantContext } from './context.js';
import type { SyncState } from './sync-state.js';

/** Where this sync starts: an unfinished pass continues; one that caught up re-reads the overlap window. */
export function syncStart(watermark: SyncState['watermark'], overlapMs: number): FeedCursor {
  if (!watermark) return START_OF_FEED;
  if (watermark.resume) return watermark.resume;
  if (!watermark.caughtUp) return watermark.cursor;
  const readAt = watermark.readAt ? Date.parse(watermark.readAt) : undefined;
  return rewindCursor(watermark.cursor, overlapMs, readAt);
}

export async function incrementalSync(ctx: TenantContext): Promise<ChangeSyncResult> {
  const watermark = ctx.lease.state.watermark;
  const start = syncStart(watermark, ctx.overlapMs);
  const syncStarted = new Date().toISOString();
  const newChangesAfter = watermark?.cursor.since ? Date.parse(watermark.cursor.since) : undefined;
  return syncChanges(ctx, ctx.names.productsAlias, start, 'incremental', newChangesAfter, async ({ cursor, caughtUp, read }) => {
    await ctx.lease.update((state) => {
      const previous = state.watermark;
      // Re-reading the overlap window must not move the watermark back; reading nothing must not move it at all.
      const furthest = read === 0 && previous ? previous.cursor : laterCursor(cursor, previous?.cursor);
      return {
        ...state,
        watermark: {
          cursor: furthest,
          caughtUp,
          // readAt: when this sync began reading; anything committed later is dated later than the overlap allows for.
          readAt: syncStarted,
          // A pass that stops before catching up continues where it stopped, even inside the overlap window.
          resume: caughtUp ? null : cursor,
        },
      };
    });
  });
}
