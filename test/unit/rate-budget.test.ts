import { decide } from '../../indexer/source/rate-budget.js';
import { retryAfterMs } from '../../indexer/source/commerce-client.js';

describe('rate budget decision (sliding window)', () => {
  test('grants while fewer than `limit` reservations fall in the window, and records the new one', () => {
    const decision = decide({ reservations: [1_000, 2_000], blockedUntil: 0 }, 10_000, 3, 60_000);
    expect(decision).toEqual({ granted: true, next: { reservations: [1_000, 2_000, 10_000], sweeps: [], blockedUntil: 0 } });
  });

  test('sweeps get only their share of the window; syncs still get the rest', () => {
    // Limit 8, a quarter for sweeps: 2 sweep slots, both taken.
    const state = { reservations: [1_000, 2_000, 3_000], sweeps: [2_000, 3_000], blockedUntil: 0 };
    expect(decide(state, 10_000, 8, 60_000, 'sweep', 0.25)).toEqual({ granted: false, waitMs: 52_000, sweepShareSpent: true });
    expect(decide(state, 10_000, 8, 60_000, 'sync', 0.25)).toMatchObject({ granted: true, next: { reservations: [1_000, 2_000, 3_000, 10_000], sweeps: [2_000, 3_000] } });
    // Once one leaves the window, a sweep is granted and recorded as one.
    expect(decide(state, 62_500, 8, 60_000, 'sweep', 0.25)).toMatchObject({ granted: true, next: { sweeps: [3_000, 62_500] } });
    // A share below one slot still leaves one.
    expect(decide({ reservations: [], blockedUntil: 0 }, 0, 3, 60_000, 'sweep', 0.1)).toMatchObject({ granted: true });
  });

  test('refuses at the limit and says how long until the oldest reservation leaves the window', () => {
    expect(decide({ reservations: [1_000, 2_000, 3_000], blockedUntil: 0 }, 10_000, 3, 60_000)).toEqual({ granted: false, waitMs: 51_000 });
  });

  test('reservations older than the window are forgotten', () => {
    const decision = decide({ reservations: [1_000, 2_000, 3_000], blockedUntil: 0 }, 61_500, 3, 60_000);
    expect(decision).toEqual({ granted: true, next: { reservations: [2_000, 3_000, 61_500], sweeps: [], blockedUntil: 0 } });
  });

  test('a Retry-After block wins over free slots', () => {
    expect(decide({ reservations: [], blockedUntil: 15_000 }, 10_000, 100, 60_000)).toEqual({ granted: false, waitMs: 5_000 });
  });

  test('an empty state grants', () => {
    expect(decide(undefined, 5, 1, 1_000)).toEqual({ granted: true, next: { reservations: [5], sweeps: [], blockedUntil: 0 } });
  });
});

describe('Retry-After parsing', () => {
  test('delta-seconds, HTTP dates, and a safe default', () => {
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs('0.5')).toBe(500);
    expect(retryAfterMs(new Date(70_000).toUTCString(), 10_000)).toBe(60_000);
    expect(retryAfterMs(null)).toBe(60_000);
    expect(retryAfterMs('soon')).toBe(60_000);
  });
});
