/**
 * The per-tenant cache behind the lexicon, settings and click ranking
 * (src/search/tenant-refresh.ts): a memory bound across tenants drops the
 * least recently used, never the one just read, and a dropped tenant is
 * read again at its next request.
 */
import { TenantRefresh } from '../../src/search/tenant-refresh.js';

test('past the weight bound, the least recently used tenants are dropped and read again when asked for', async () => {
  const reads: string[] = [];
  const cache = new TenantRefresh<{ tenant: string; words: number }>({
    what: 'a test value',
    initial: (tenant) => ({ tenant, words: 0 }),
    read: async (tenant) => {
      reads.push(tenant);
      return { value: { tenant, words: tenant === 'big' ? 70 : 40 } };
    },
    maxAgeMs: 60_000,
    retryAfterFailureMs: 1_000,
    weigh: (value) => value.words,
    maxWeight: 100,
  });
  await cache.get('a'); // 40
  await cache.get('b'); // 80
  await cache.get('a'); // a is now the most recent
  await cache.get('c'); // 120 > 100: b (least recent) goes
  expect(cache.tenants()).toEqual(['a', 'c']);
  await cache.get('big'); // 150: a goes, then c (the one just read stays, even alone over the bound)
  expect(cache.tenants()).toEqual(['big']);
  expect(reads).toEqual(['a', 'b', 'c', 'big']);
  await cache.get('b');
  expect(reads.at(-1)).toBe('b');
  expect(cache.tenants()).toEqual(['b']);
});

test('without a bound, every tenant stays', async () => {
  const cache = new TenantRefresh<number>({ what: 'a test value', initial: () => 0, read: async () => ({ value: 1_000_000 }), maxAgeMs: 60_000, retryAfterFailureMs: 1_000 });
  for (const tenant of ['a', 'b', 'c']) await cache.get(tenant);
  expect(cache.tenants()).toEqual(['a', 'b', 'c']);
});
