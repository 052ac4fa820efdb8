/** The overlap window's anchor survives a pause: a resumed pass keeps the earliest start since the last catch-up. */
import { passReadAt } from '../../indexer/sync/incremental.js';
import { START_OF_FEED } from '../../indexer/source/change-feed.js';

const T0 = '2026-12-05T10:00:00.000Z';
const T1 = '2026-12-05T10:05:00.000Z';

test('a pass after a catch-up starts its own window; a paused pass keeps the earliest start', () => {
  expect(passReadAt(null, T1)).toBe(T1);
  expect(passReadAt({ cursor: START_OF_FEED, caughtUp: true, readAt: T0 }, T1)).toBe(T1);
  expect(passReadAt({ cursor: START_OF_FEED, caughtUp: false, readAt: T0 }, T1)).toBe(T0); // resumed: the overlap stays anchored at T0
  expect(passReadAt({ cursor: START_OF_FEED, caughtUp: false }, T1)).toBe(T1);
});
