/**
 * Incremental sync of the live index: products changed since the tenant's
 * watermark (minus an overlap window, so products committed late with an
 * earlier DateModified are still seen). Deactivated products are deleted.
 * Re-running is harmless: writes are versioned by DateModified.
 */
import { laterCursor, rewindCursor, START_OF_FEED } from '../source/change-feed.js';
import { syncChanges, type ChangeSyncResult } from './change-sync.js';
import type { TenantContext } from './context.js';
import { EMPTY_SYNC_STATE, type SyncState } from './sync-state.js';

export async function incrementalSync(ctx: TenantContext): Promise<ChangeSyncResult> {
  const current = (await ctx.state.get<SyncState>('sync', ctx.tenant))?.value;
  const watermark = current?.watermark;
  // A sync that stopped mid-feed resumes exactly; one that caught up re-reads the overlap window.
  const readAt = watermark?.readAt ? Date.parse(watermark.readAt) : undefined;
  const start = !watermark ? START_OF_FEED : watermark.caughtUp ? rewindCursor(watermark.cursor, ctx.overlapMs, readAt) : watermark.cursor;
  const syncStarted = new Date().toISOString();
  const newChangesAfter = watermark?.cursor.since ? Date.parse(watermark.cursor.since) : undefined;
  return syncChanges(ctx, ctx.names.productsAlias, start, 'incremental', newChangesAfter, async (cursor, caughtUp, read) => {
    await ctx.state.update<SyncState>('sync', ctx.tenant, (state) => {
      const previous = state?.watermark?.cursor;
      // Re-reading the overlap window must not move the watermark back; reading nothing must not move it at all.
      const next = read === 0 && previous ? previous : laterCursor(cursor, previous);
      // readAt: when this sync began reading; anything committed later is dated later than the overlap allows for.
      return { ...EMPTY_SYNC_STATE, ...state, watermark: { cursor: next, caughtUp, readAt: syncStarted } };
    });
  });
}
