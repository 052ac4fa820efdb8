/**
 * Pages through the products changed since a point in time, in
 * (DateModified, id) order. The cursor is keyset-style: the next page starts
 * at the last DateModified seen and skips only the products already read at
 * exactly that instant. So a product modified while we page moves to the
 * end and is read again, and inserts or deletes elsewhere never shift the
 * pages we have yet to read, which plain limit/offset paging would.
 */
import type { CommerceClient, ProductsPage } from './commerce-client.js';

export interface FeedCursor {
  /** ISO instant: read products with DateModified >= since (null: from the beginning). */
  since: string | null;
  /** Products at exactly `since` already read. */
  skip: number;
}

export const START_OF_FEED: FeedCursor = { since: null, skip: 0 };

function modifiedMs(raw: unknown): number | undefined {
  const value = raw && typeof raw === 'object' ? (raw as { dateModified?: unknown }).dateModified : undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** Pure: where the next page starts, given this page's cursor and items (sorted by DateModified). */
export function advanceCursor(cursor: FeedCursor, items: readonly unknown[]): FeedCursor {
  const stamps = items.map(modifiedMs);
  const last = stamps.reduce<number | undefined>((max, ms) => (ms !== undefined && (max === undefined || ms > max) ? ms : max), undefined);
  const since = cursor.since === null ? undefined : Date.parse(cursor.since);
  if (last === undefined || (since !== undefined && last <= since)) {
    return { since: cursor.since, skip: cursor.skip + items.length };
  }
  return { since: new Date(last).toISOString(), skip: stamps.filter((ms) => ms === last).length };
}

/**
 * Where the next sync starts after one that caught up. A change committed
 * late carries a DateModified no older than `overlapMs` before the moment the
 * feed was last read (`readAtMs`), so the sync re-reads from there when that
 * reaches back to the watermark, and otherwise continues just after the
 * watermark's instant (a catalog whose products share an old DateModified is
 * not re-read every minute). Not at the cursor's offset: a product of that
 * instant modified since has left it, and the offset would skip another.
 * Without `readAtMs`, it re-reads `overlapMs` before the watermark.
 */
export function rewindCursor(cursor: FeedCursor, overlapMs: number, readAtMs?: number): FeedCursor {
  if (cursor.since === null) return START_OF_FEED;
  const since = Date.parse(cursor.since);
  const lateBound = (readAtMs ?? since) - overlapMs;
  if (since < lateBound) return { since: new Date(since + 1).toISOString(), skip: 0 };
  return { since: new Date(lateBound).toISOString(), skip: 0 };
}

export interface FeedPage {
  page: ProductsPage;
  /** The cursor after this page: persist it once the page is safely indexed. */
  cursor: FeedCursor;
  /** True when this is the last page (the feed has caught up with the catalog). */
  last: boolean;
}

export async function* changedProductPages(
  client: CommerceClient,
  start: FeedCursor,
  pageSize: number,
): AsyncGenerator<FeedPage> {
  let cursor = start;
  for (;;) {
    const page = await client.productsPage({ limit: pageSize, offset: cursor.skip, modifiedSince: cursor.since });
    // `total` counts everything from `since`, so reading up to it means we are caught up: no empty last request.
    const last = page.items.length < pageSize || cursor.skip + page.items.length >= page.total;
    cursor = advanceCursor(cursor, page.items);
    yield { page, cursor, last };
    if (last) return;
  }
}

/** The cursor further along the feed; a watermark never moves backwards. */
export function laterCursor(a: FeedCursor, b: FeedCursor | undefined): FeedCursor {
  if (!b || b.since === null) return a;
  if (a.since === null) return b;
  const difference = Date.parse(a.since) - Date.parse(b.since);
  if (difference !== 0) return difference > 0 ? a : b;
  return a.skip >= b.skip ? a : b;
}
