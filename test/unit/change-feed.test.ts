import { advanceCursor, changedProductPages, firstUnread, laterCursor, requestOffset, rewindCursor, START_OF_FEED, type FeedCursor } from '../../indexer/source/change-feed.js';

const p = (id: string, iso: string) => ({ id, dateModified: iso });
const T1 = '2026-01-01T00:00:01.000Z';
const T2 = '2026-01-01T00:00:02.000Z';
const T3 = '2026-01-01T00:00:03.000Z';

describe('change-feed cursor', () => {
  test('remembers the anchor (last product) and a trail before it, and where it was found', () => {
    const cursor = advanceCursor(START_OF_FEED, 0, [p('1', T1), p('2', T2), p('3', T2)], 0);
    expect(cursor).toEqual({ since: T2, skip: 2, trail: ['1', '2', '3'], trailModified: [Date.parse(T1), Date.parse(T2), Date.parse(T2)] });
  });

  test('a page entirely inside one instant keeps the instant and moves the anchor on', () => {
    const start = { since: T2, skip: 2, trail: ['2', '3'] };
    expect(advanceCursor(start, 0, [p('2', T2), p('3', T2), p('4', T2), p('5', T2)], 2)).toEqual({ since: T2, skip: 4, trail: ['2', '3', '4', '5'], trailModified: Array(4).fill(Date.parse(T2)) });
  });

  test("each page is requested from the anchor's place, so it starts with the anchor", () => {
    expect(requestOffset({ since: T2, skip: 1000, trail: ['a', 'b', 'c'] })).toBe(999);
    expect(requestOffset({ since: T2, skip: 1, trail: ['a', 'b', 'c'] })).toBe(0);
    expect(requestOffset(START_OF_FEED)).toBe(0);
  });

  test('the unread part starts after the last unchanged trail product in the page', () => {
    const cursor = { since: T2, skip: 3, trail: ['1', '2', '3'] };
    // Nothing changed: the page starts with the trail.
    expect(firstUnread(cursor, 1, [p('1', T2), p('2', T2), p('3', T2), p('4', T2)])).toBe(3);
    // The anchor (3) was modified and moved to the end: the rest shifted left; 2 is still in place.
    expect(firstUnread(cursor, 1, [p('1', T2), p('2', T2), p('4', T2), p('5', T2), p('3', T3)])).toBe(2);
    // No trail product in a page that does not start the window: it cannot be trusted.
    expect(firstUnread(cursor, 5, [p('7', T2), p('8', T2)])).toBeUndefined();
    // ... unless it starts the window: nothing before it can be unread.
    expect(firstUnread(cursor, 0, [p('7', T2), p('8', T2)])).toBe(0);
  });

  test("a trail product restamped to exactly the anchor's DateModified has moved: it is not in place", () => {
    // Feed (DateModified, id): 1 (T1), 5 (T1), 3 (T2), 7 (T2), 8 (T2). The first page reads 1, 5, 3 (the anchor).
    const cursor = advanceCursor(START_OF_FEED, 0, [p('1', T1), p('5', T1), p('3', T2)], 0);
    // 5 is restamped to T2 exactly: it now sorts after 3, and everything before it shifts left by one.
    // From the anchor's old place (offset 2) the page holds 5, 7, 8: 5's stamp is not the one read, so it proves nothing.
    expect(firstUnread(cursor, 2, [p('5', T2), p('7', T2), p('8', T2)])).toBeUndefined(); // step back
    expect(firstUnread(cursor, 0, [p('1', T1), p('3', T2), p('5', T2)])).toBe(2); // the anchor is in place: 5 is read again
    // The rule before (a trail product whose stamp is not after the anchor's is in place) trusted 5 and lost its edit.
    expect(firstUnread({ ...cursor, trailModified: undefined }, 2, [p('5', T2), p('7', T2), p('8', T2)])).toBe(1);
  });

  test('a fresh window (start or rewind) trusts every page from its first product', () => {
    expect(firstUnread({ since: T1, skip: 0, trail: [] }, 0, [p('1', T1)])).toBe(0);
  });

  test('products without a readable DateModified still advance the offset, and join the trail as unreadable', () => {
    expect(advanceCursor(START_OF_FEED, 0, [{ id: 1 }, { dateModified: 'nope' }], 0)).toEqual({ since: null, skip: 2, trail: ['1'], trailModified: [null] });
    expect(advanceCursor(START_OF_FEED, 0, [{ dateModified: 'nope' }], 0)).toEqual({ since: null, skip: 1, trail: [] });
  });

  test('rewinding re-reads the overlap window; a watermark never moves backwards', () => {
    const watermark = { since: '2026-01-01T00:10:00.000Z', skip: 3, trail: ['9'] };
    expect(rewindCursor(watermark, 60_000)).toEqual({ since: '2026-01-01T00:09:00.000Z', skip: 0, trail: [] });
    expect(laterCursor(rewindCursor(watermark, 60_000), watermark)).toBe(watermark);
    expect(laterCursor(rewindCursor(watermark, 60_000, Date.parse('2026-01-02T00:00:00Z')), watermark).since).toBe('2026-01-01T00:10:00.001Z');
    expect(laterCursor({ since: '2026-01-01T00:10:00.000Z', skip: 5 }, watermark)).toEqual({ since: watermark.since, skip: 5 });
    expect(laterCursor(START_OF_FEED, undefined)).toBe(START_OF_FEED);
  });

  test('an old watermark is not re-read: late commits land after (last read − overlap)', () => {
    const old = { since: '2026-01-01T00:00:00.000Z', skip: 6482 };
    const readAt = Date.parse('2026-11-22T12:00:00.000Z');
    expect(rewindCursor(old, 120_000, readAt)).toEqual({ since: '2026-01-01T00:00:00.001Z', skip: 0, trail: [] });
    const recent = { since: '2026-11-22T11:59:30.000Z', skip: 2 };
    expect(rewindCursor(recent, 120_000, readAt)).toEqual({ since: '2026-11-22T11:58:00.000Z', skip: 0, trail: [] });
  });
});

/**
 * The whole pager against an in-memory API that sorts and filters by its own DateModified, some of which we
 * cannot read (the API returns them in a form we cannot parse). Every product is read exactly once, at any
 * page size from 1, and the pager always finishes.
 */
describe('changedProductPages over an in-memory feed', () => {
  type Row = { id: string; at: number; shown: string };
  const BASE = Date.parse('2026-01-01T00:00:00.000Z');
  function api(rows: Row[]) {
    const sorted = [...rows].sort((a, b) => a.at - b.at || Number(a.id) - Number(b.id));
    return {
      requests: 0,
      async productsPage({ limit, offset, modifiedSince }: { limit: number; offset: number; modifiedSince?: string | null }) {
        this.requests += 1;
        const window = sorted.filter((row) => !modifiedSince || row.at >= Date.parse(modifiedSince));
        return { total: window.length, activeCount: rows.length, items: window.slice(offset, offset + limit).map((row) => ({ id: row.id, dateModified: row.shown })) };
      },
    };
  }
  // 20 products, two per instant; a few with a DateModified we cannot read, at page ends too.
  const rows: Row[] = Array.from({ length: 20 }, (_, i) => {
    const at = BASE + Math.floor(i / 2) * 1000;
    return { id: String(i + 1), at, shown: [3, 7, 8, 15].includes(i + 1) ? 'not a date' : new Date(at).toISOString() };
  });

  test.each([1, 2, 3, 4, 8, 25])('page size %i: every product once, and it finishes', async (pageSize) => {
    const feed = api(rows);
    const seen: string[] = [];
    let cursor: FeedCursor = START_OF_FEED;
    for await (const page of changedProductPages(feed, START_OF_FEED, pageSize)) {
      seen.push(...page.unread.map((item) => (item as { id: string }).id));
      cursor = page.cursor;
      expect(feed.requests).toBeLessThan(200);
    }
    expect([...seen].sort((a, b) => Number(a) - Number(b))).toEqual(rows.map((row) => row.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(cursor.since).not.toBeNull();
  });
});
