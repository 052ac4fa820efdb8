import { decide } from '../../indexer/source/rate-budget.js';
import { retryAfterMs } from '../../indexer/source/commerce-client.js';

describe('rate budget decision (sliding window)', () => {
  test('grants while fewer than `limit` reservations fall in the window, and records the new one', () => {
    const decision = decide({ reservations: [1_000, 2_000], blockedUntil: 0 }, 10_000, 3, 60_000);
    expect(decision).toEqual({ granted: true, next: { reservations: [1_000, 2_000, 10_000], blockedUntil: 0 } });
  });

  test('refuses at the limit and says how long until the oldest reservation leaves the window', () => {
    expect(decide({ reservations: [1_000, 2_000, 3_000], blockedUntil: 0 }, 10_000, 3, 60_000)).toEqual({ granted: false, waitMs: 51_000 });
  });

  test('reservations older than the window are forgotten', () => {
    const decision = decide({ reservations: [1_000, 2_000, 3_000], blockedUntil: 0 }, 61_500, 3, 60_000);
    expect(decision).toEqual({ granted: true, next: { reservations: [2_000, 3_000, 61_500], blockedUntil: 0 } });
  });

  test('a Retry-After block wins over free slots', () => {
    expect(decide({ reservations: [], blockedUntil: 15_000 }, 10_000, 100, 60_000)).toEqual({ granted: false, waitMs: 5_000 });
  });

  test('an empty state grants', () => {
    expect(decide(undefined, 5, 1, 1_000)).toEqual({ granted: true, next: { reservations: [5], blockedUntil: 0 } });
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
