import { IndexerHarness, NO_DIFFERENCES, differencesFromSource, products } from '../../support/indexer-harness.js';
import type { RequestRecord } from '../../../local/commerce-api/server.js';

/** The most requests the API accepted inside any window of `windowMs`. */
function peakInWindow(requests: readonly RequestRecord[], windowMs: number): number {
  const accepted = requests.filter((r) => r.status !== 429).map((r) => r.at).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; j < accepted.length; j += 1) {
    while ((accepted[j] as number) - (accepted[i] as number) >= windowMs) i += 1;
    peak = Math.max(peak, j - i + 1);
  }
  return peak;
}

describe('rate-limit budget', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('consecutive runs stay within the limit and never see a 429', async () => {
    const rateLimit = { requests: 4, windowMs: 2_000 };
    h = await new IndexerHarness({ products: products(30), pageSize: 5, rateLimit }).start();

    const first = await h.run(); // 6 pages + the count check: must wait for the window once
    const second = await h.run(); // consecutive run: shares the stored budget
    expect(first.status).toBe('succeeded');
    expect(second.status).toBe('succeeded');

    const seen = h.source.requests;
    expect(h.source.rateLimitedRequests).toBe(0);
    expect(peakInWindow(seen, rateLimit.windowMs)).toBeLessThanOrEqual(rateLimit.requests);
    expect(first.stats.budgetWaitMs).toBeGreaterThan(0);
    expect(seen.length).toBe(first.stats.requests + second.stats.requests);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  }, 30_000);

  test('concurrent runs for one tenant: one does the work, the other is skipped by the lock', async () => {
    h = await new IndexerHarness({ products: products(20), pageSize: 5 }).start();
    const [a, b] = await Promise.all([h.run(), h.run()]);
    expect([a.status, b.status].sort()).toEqual(['skipped', 'succeeded']);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });

  test('a burst of 429s with Retry-After is waited out and the run completes', async () => {
    h = await new IndexerHarness({ products: products(12), pageSize: 5 }).start();
    h.source.injectFault({ kind: 'rateLimited', count: 3, retryAfterSeconds: 1 });
    const started = Date.now();
    const report = await h.run();

    expect(report.status).toBe('succeeded');
    expect(report.stats.rateLimited).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 1000); // each Retry-After honoured
    // After each 429, nothing was sent before Retry-After had passed.
    const seen = h.source.requests;
    seen.forEach((request, i) => {
      const next = seen[i + 1];
      if (request.status === 429 && next) expect(next.at - request.at).toBeGreaterThanOrEqual(1000);
    });
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  }, 30_000);

  test('a Retry-After that outlasts the run deadline pauses the run instead of overrunning it', async () => {
    h = await new IndexerHarness({ products: products(12), pageSize: 5 }).start();
    h.source.injectFault({ kind: 'rateLimited', count: 1, retryAfterSeconds: 30 });
    const paused = await h.run('scheduled', { deadline: Date.now() + 2_000 });
    expect(paused.status).toBe('paused');
    expect(paused.error).toMatch(/budget exhausted/);
  });
});

describe('resumable full reindex', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('a run stopped by its deadline continues from its checkpoint, not from the start', async () => {
    // 3 requests per 3 s: the first run reads 3 pages, then the next slot lies beyond its 1 s deadline.
    h = await new IndexerHarness({ products: products(60), pageSize: 10, rateLimit: { requests: 3, windowMs: 3_000 } }).start();
    const interrupted = await h.run('scheduled', { deadline: Date.now() + 1_000 });
    expect(interrupted.status).toBe('paused');
    expect(interrupted.stats.pages).toBe(3);
    expect(await h.liveIndex()).toBeUndefined(); // nothing half-built is ever live

    const before = h.source.requests.length;
    const resumed = await h.run();
    expect(resumed.status).toBe('succeeded');
    // 60 products, 3 pages (28 products) already indexed: the resumed crawl reads the remaining 32 in 4 pages
    // (each starts at the previous page's anchor: 9 new products a page).
    expect(h.source.requests.length - before).toBe(4);
    expect(resumed.swappedTo).toBeDefined();
    expect(h.source.rateLimitedRequests).toBe(0);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  }, 30_000);

  test('a crash mid-crawl (upstream failing) resumes from the last indexed page', async () => {
    h = await new IndexerHarness({ products: products(50), pageSize: 10 }).start();
    let served = 0;
    h.source.beforeRequest = () => {
      served += 1;
      // Faults apply from the next request: pages 1-3 succeed, then page 4 fails beyond the retries.
      if (served === 3) h.source.injectFault({ kind: 'serverError', count: 5 });
    };
    const crashed = await h.run();
    expect(crashed.status).toBe('failed');
    expect(crashed.error).toMatch(/HTTP 500/);
    h.source.beforeRequest = undefined;
    h.source.faults.length = 0;

    const before = h.source.requests.length;
    const resumed = await h.run();
    expect(resumed.status).toBe('succeeded');
    // Pages start at the last page's anchor (9 new products each after the first): 10 + 9 + 9 read before the
    // crash; the rest, 22 products, takes three more pages. Nothing changed meanwhile: no id sweep.
    expect(h.source.requests.length - before).toBe(3);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });
});
