/**
 * Pages through the products changed since a point in time, in the API's
 * (DateModified, id) order, with nothing but `modifiedSince`, `limit` and
 * `offset`, and never skips a product however the catalog changes between
 * pages.
 *
 * Why offsets alone skip: a product already read that changes (or is
 * deactivated, or deleted) before the next page leaves its place, everything
 * behind it shifts left, and the next offset jumps over one product.
 *
 * What this does instead: the cursor remembers the last products read (the
 * anchor and a short trail before it). Each page is requested from the
 * anchor's place, so it should begin with the anchor; the page is trusted from
 * just after the last trail product it holds that is still unchanged: the
 * same id with exactly the DateModified it had when it was read. (Not merely
 * "not after the anchor's": a product restamped to exactly the anchor's
 * DateModified sorts after the anchor by id, so it has moved though its stamp
 * is no newer, and trusting it skipped the products between.) If the page holds none of them, the products shifted
 * further: the request steps back (doubling) until it finds one, or reaches
 * the start of the window. Products changed meanwhile move to the end of the
 * feed and are read again there; products inserted behind the cursor with an
 * old DateModified are found by reconciliation (see sync/reconcile.ts).
 */
import type { CommerceClient, ProductsPage } from './commerce-client.js';

export interface FeedCursor {
  /** ISO instant: read products with DateModified >= since (null: from the beginning). */
  since: string | null;
  /**
   * Where the anchor was found: products at `since` up to and including it.
   * Only a hint for the next request's offset; the trail decides what is trusted.
   */
  skip: number;
  /** Ids of the last products read, oldest first, ending with the anchor (empty: none read at `since` yet). */
  trail?: string[];
  /**
   * The DateModified (epoch ms) each trail product had when it was read, in the same order; null when it had
   * none readable (it is then in place while it still has none). A trail product is in place only when it
   * still has exactly this. Absent in checkpoints written before it existed.
   */
  trailModified?: Array<number | null>;
}

export const START_OF_FEED: FeedCursor = { since: null, skip: 0, trail: [] };

/** Products kept in the cursor's trail: how far the feed can shift before a page must step back further. */
export const TRAIL_LENGTH = 8;

/** A raw product's DateModified in epoch ms, or undefined when it has none readable. */
export function modifiedMs(raw: unknown): number | undefined {
  const value = raw && typeof raw === 'object' ? (raw as { dateModified?: unknown }).dateModified : undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** A raw product's id as a string, or undefined when it has none usable. */
export function productId(raw: unknown): string | undefined {
  const value = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** The offset to request for `cursor`: the anchor's last known place, so the page should start with it. */
export function requestOffset(cursor: FeedCursor): number {
  const trail = cursor.trail ?? [];
  if (trail.length === 0) return cursor.since === null ? cursor.skip : 0;
  return Math.max(0, cursor.skip - 1);
}

/**
 * Pure: where the unread part of a page fetched at `offset` begins, or
 * undefined when the page cannot be trusted (the products shifted further
 * than the overlap: step back and ask again).
 */
export function firstUnread(cursor: FeedCursor, offset: number, items: readonly unknown[]): number | undefined {
  const ids = cursor.trail ?? [];
  if (ids.length === 0) return 0; // a fresh window (start of the feed, or a rewind): nothing read in it yet
  const sinceMs = cursor.since === null ? Number.POSITIVE_INFINITY : Date.parse(cursor.since);
  const exact = cursor.trailModified?.length === ids.length;
  const readAs = new Map(ids.map((id, i) => [id, exact ? (cursor.trailModified?.[i] as number | null) : undefined]));
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const id = productId(items[i]);
    if (id === undefined || !readAs.has(id)) continue;
    const modified = modifiedMs(items[i]);
    const recorded = readAs.get(id);
    // In place: the same id with the same DateModified as when it was read (both unreadable counts as the same;
    // older checkpoints: not after the anchor).
    if (recorded === null ? modified === undefined : modified !== undefined && (recorded !== undefined ? modified === recorded : modified <= sinceMs)) return i + 1;
  }
  // Nothing before the page can be unread when the page starts the window.
  return offset === 0 ? 0 : undefined;
}

/**
 * Pure: the cursor after reading `items` (fetched at `offset`, unread from `from`). The anchor is the last
 * product with a readable DateModified; products after it without one (the transform keeps them as failed
 * items) join the trail as unreadable, so the next page is trusted after them: a page ending in an
 * unreadable DateModified used to be requested again and again.
 */
export function advanceCursor(cursor: FeedCursor, offset: number, items: readonly unknown[], from: number): FeedCursor {
  const anchorAt = items.findLastIndex((item) => modifiedMs(item) !== undefined && productId(item) !== undefined);
  const anchor = items[anchorAt];
  const lastMs = anchor === undefined ? undefined : (modifiedMs(anchor) as number);
  const read = items
    .slice(-TRAIL_LENGTH)
    .map((item) => ({ id: productId(item), modified: modifiedMs(item) ?? null }))
    .filter((entry): entry is { id: string; modified: number | null } => entry.id !== undefined && (entry.modified === null || lastMs === undefined || entry.modified <= lastMs));
  const trail = read.map((entry) => entry.id);
  const trailModified = read.map((entry) => entry.modified);
  if (lastMs === undefined) {
    // No readable DateModified in the page: the same instant, further on.
    return trail.length > 0 ? { ...cursor, skip: offset + items.length, trail, trailModified } : { ...cursor, skip: offset + items.length };
  }
  const since = new Date(lastMs).toISOString();
  if (cursor.since !== null && Date.parse(cursor.since) === lastMs) {
    return { since, skip: offset + items.length, trail, trailModified };
  }
  // A later instant: its products, and the unreadable ones after the anchor, are all in this page's unread part
  // (everything before is at or before the old anchor).
  const atInstant = items.slice(from).filter((item, i) => modifiedMs(item) === lastMs || from + i > anchorAt).length;
  return { since, skip: atInstant, trail, trailModified };
}

/**
 * Where the next sync starts after one that caught up. A change committed
 * late carries a DateModified no older than `overlapMs` before the moment the
 * feed was last read (`readAtMs`), so the sync re-reads from there when that
 * reaches back to the watermark, and otherwise continues just after the
 * watermark's instant (a catalog whose products share an old DateModified is
 * not re-read every minute). Without `readAtMs`, it re-reads `overlapMs`
 * before the watermark.
 */
export function rewindCursor(cursor: FeedCursor, overlapMs: number, readAtMs?: number): FeedCursor {
  if (cursor.since === null) return START_OF_FEED;
  const since = Date.parse(cursor.since);
  const lateBound = (readAtMs ?? since) - overlapMs;
  if (since < lateBound) return { since: new Date(since + 1).toISOString(), skip: 0, trail: [] };
  return { since: new Date(lateBound).toISOString(), skip: 0, trail: [] };
}

export interface FeedPage {
  page: ProductsPage;
  /** The products of the page not read before (the page minus its overlap). */
  unread: unknown[];
  /** The cursor after this page: persist it once the page is safely indexed. */
  cursor: FeedCursor;
  /** True when this is the last page (the feed has caught up with the catalog). */
  last: boolean;
}

export async function* changedProductPages(
  client: Pick<CommerceClient, 'productsPage'>,
  start: FeedCursor,
  pageSize: number,
): AsyncGenerator<FeedPage> {
  // A page begins with the anchor, already read: it takes two to bring a new product (page size 1 never moved).
  const limit = Math.max(pageSize, 2);
  let cursor = start;
  for (;;) {
    let offset = requestOffset(cursor);
    let page = await client.productsPage({ limit, offset, modifiedSince: cursor.since });
    let from = firstUnread(cursor, offset, page.items);
    // The anchor moved or left (a product read before this page changed, or was deleted): step back over the
    // trail, doubling, until a page holds a trail product still in place, or starts the window.
    for (let step = Math.max(cursor.trail?.length ?? 0, 1); from === undefined; step *= 2) {
      offset = Math.max(0, offset - step);
      page = await client.productsPage({ limit, offset, modifiedSince: cursor.since });
      from = firstUnread(cursor, offset, page.items);
    }
    const last = page.items.length < limit || offset + page.items.length >= page.total;
    cursor = advanceCursor(cursor, offset, page.items, from);
    yield { page, unread: page.items.slice(from), cursor, last };
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
