import { advanceCursor, laterCursor, rewindCursor, START_OF_FEED } from '../../indexer/source/change-feed.js';

const at = (iso: string) => ({ dateModified: iso });

describe('change-feed cursor', () => {
  test('moves to the last DateModified and skips only the products read at that instant', () => {
    const cursor = advanceCursor(START_OF_FEED, [at('2026-01-01T00:00:01Z'), at('2026-01-01T00:00:02Z'), at('2026-01-01T00:00:02Z')]);
    expect(cursor).toEqual({ since: '2026-01-01T00:00:02.000Z', skip: 2 });
  });

  test('a page entirely inside one instant keeps the instant and adds to the skip', () => {
    const start = { since: '2026-01-01T00:00:02.000Z', skip: 2 };
    expect(advanceCursor(start, [at('2026-01-01T00:00:02Z'), at('2026-01-01T00:00:02Z')])).toEqual({ since: start.since, skip: 4 });
  });

  test('products without a readable DateModified still advance the offset', () => {
    expect(advanceCursor(START_OF_FEED, [{ id: 1 }, { dateModified: 'nope' }])).toEqual({ since: null, skip: 2 });
  });

  test('rewinding re-reads the overlap window; a watermark never moves backwards', () => {
    const watermark = { since: '2026-01-01T00:10:00.000Z', skip: 3 };
    expect(rewindCursor(watermark, 60_000)).toEqual({ since: '2026-01-01T00:09:00.000Z', skip: 0 });
    expect(laterCursor(rewindCursor(watermark, 60_000), watermark)).toBe(watermark);
    // Resuming just past the instant, the watermark itself still wins over the resume point's offset 0.
    expect(laterCursor(rewindCursor(watermark, 60_000, Date.parse('2026-01-02T00:00:00Z')), watermark).since).toBe('2026-01-01T00:10:00.001Z');
    expect(laterCursor({ since: '2026-01-01T00:10:00.000Z', skip: 5 }, watermark)).toEqual({ since: watermark.since, skip: 5 });
    expect(laterCursor(START_OF_FEED, undefined)).toBe(START_OF_FEED);
  });

  test('an old watermark is not re-read: late commits land after (last read − overlap)', () => {
    const old = { since: '2026-01-01T00:00:00.000Z', skip: 6482 };
    const readAt = Date.parse('2026-11-22T12:00:00.000Z');
    expect(rewindCursor(old, 120_000, readAt)).toEqual({ since: '2026-01-01T00:00:00.001Z', skip: 0 });
    const recent = { since: '2026-11-22T11:59:30.000Z', skip: 2 };
    expect(rewindCursor(recent, 120_000, readAt)).toEqual({ since: '2026-11-22T11:58:00.000Z', skip: 0 });
  });
});
