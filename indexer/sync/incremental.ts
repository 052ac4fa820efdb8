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

/**
 * Pure: the `readAt` to store. A pass that paused and resumed keeps the earliest start since the last
 * catch-up: changes committed late during its first part are dated against that start, and a later one
 * would shrink their overlap (they were lost).
 */
export function passReadAt(previous: SyncState['watermark'], thisPass: string): string {
  return previous && !previous.caughtUp && previous.readAt && previous.readAt < thisPass ? previous.readAt : thisPass;
}

export async function incrementalSync(ctx: TenantContext): Promise<ChangeSyncResult> {
  const watermark = ctx.lease.state.watermark;
  const start = syncStart(watermark, ctx.overlapMs);
  const startedMs = Date.now();
  const newChangesAfter = watermark?.cursor.since ? Date.parse(watermark.cursor.since) : undefined;
  return syncChanges(ctx, ctx.names.productsAlias, start, 'incremental', newChangesAfter, async ({ cursor, caughtUp, read }) => {
    await ctx.lease.update((state) => {
      const previous = state.watermark;
      // Re-reading the overlap window must not move the watermark back; reading nothing must not move it at all.
      const furthest = read === 0 && previous ? previous.cursor : laterCursor(cursor, previous?.cursor);
      // When this pass began reading, in the API's time (DateModified is its clock, which may be behind ours).
      const thisPass = new Date(startedMs - ctx.commerce.apiClockBehindMs).toISOString();
      const readAt = passReadAt(previous, thisPass);
      return {
        ...state,
        watermark: {
          cursor: furthest,
          caughtUp,
          // readAt: when this pass began reading; anything committed later is dated later than the overlap allows for.
          readAt,
          // A pass that stops before catching up continues where it stopped, even inside the overlap window.
          resume: caughtUp ? null : cursor,
        },
      };
    });
  });
}
