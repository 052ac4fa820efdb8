/**
 * Reconciliation and the check before a swap at a size one run cannot
 * cover: checkpointed sweeps that scheduled runs continue, each spending
 * only the sweeps' share of the rate window, until the index mirrors the
 * source. The catalog is small and the window short; what matters is the
 * ratio of requests needed to requests a run may spend, as at 1M products
 * under the platform's 100 per 5 minutes.
 */
import { differencesFromSource, IndexerHarness, NO_DIFFERENCES, product, products } from '../../support/indexer-harness.js';
import type { TenantRunReport } from '../../../indexer/sync/tenant-run.js';
import { tenantStatus } from '../../../indexer/status.js';

const PAGE = 20;
const LIMIT = { requests: 12, windowMs: 1_000 };
/** SWEEP_RATE_PERCENT 25 of 12: three sweep requests per window. */
const SWEEP_SLOTS = 3;

/** A scheduled Lambda run: it has a deadline, so a sweep stops when its share is spent instead of waiting. */
const lambdaRun = (h: IndexerHarness, mode: 'scheduled' | 'reconcile' | 'full' = 'scheduled') => h.run(mode, { deadline: Date.now() + 60_000 });

/** The most sweep requests (id pages and fetches by id: anything but the change feed) in any window of the budget's length. */
function mostSweepRequestsInAWindow(h: IndexerHarness): number {
  const sweeps = h.source.requests.filter((r) => r.status !== 429 && r.variables !== undefined && !('modifiedSince' in r.variables));
  const times = sweeps.map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < times.length; i += 1) {
    let j = i;
    while (j < times.length && (times[j] as number) < (times[i] as number) + LIMIT.windowMs) j += 1;
    most = Math.max(most, j - i);
  }
  return most;
}

async function runUntil(h: IndexerHarness, done: () => Promise<boolean>, maxRuns: number): Promise<TenantRunReport[]> {
  const reports: TenantRunReport[] = [];
  for (let i = 0; i < maxRuns && !(await done()); i += 1) {
    reports.push(await lambdaRun(h));
    await new Promise((r) => setTimeout(r, 700)); // the next minute's run, time-scaled
  }
  return reports;
}

describe('sweeps that finish across runs, within their share of the rate window', () => {
  let h: IndexerHarness;
  afterEach(() => h?.close());

  test('reconciliation of 240 products at 3 sweep requests a window: continued by scheduled runs until the index mirrors the source', async () => {
    h = await new IndexerHarness({
      products: products(240),
      pageSize: PAGE,
      rateLimit: { requests: 1_000, windowMs: 60_000 },
      indexerRateLimit: LIMIT,
      env: { SWEEP_RATE_PERCENT: '25' },
    }).start();
    expect((await h.run('full')).status).toBe('succeeded');

    // What the change feed cannot show: hard deletes, a product imported with an old DateModified, and a
    // copy that went stale with a DateModified behind the watermark's overlap.
    for (const id of ['3', '150', '151', '239']) h.source.catalog.remove(id);
    h.source.catalog.upsert(product(1001, { name: 'imported late' }), Date.parse('2020-01-01T00:00:00Z'));
    const before = (await h.indexed()).get('200');
    h.source.catalog.upsert({ ...product(200), name: 'edited behind the overlap' }, Date.parse(before!.date_modified) + 1);
    h.source.requests.length = 0;

    const first = await lambdaRun(h, 'reconcile');
    expect(first.status).toBe('succeeded'); // the incremental sync ran; the sweep goes on next run
    const state = await h.syncState();
    expect(state?.sweep).toMatchObject({ purpose: 'reconcile', phase: 'index' });
    expect(state?.sweep?.checked).toBeLessThan(240);
    // Status shows how far it got and when it should finish at its pace.
    const [sweep] = (await tenantStatus(h.es, h.config, h.tenant)).sweeps;
    expect(sweep).toMatchObject({ purpose: 'reconcile', phase: 'index' });
    expect(sweep!.expectedTotal).toBeGreaterThanOrEqual(470); // the index's ~240 ids, then the source's
    expect(Date.parse(sweep!.expectedFinishAt)).toBeGreaterThan(Date.now());

    const later = await runUntil(h, async () => !(await h.syncState())?.sweep, 80);
    expect(later.every((r) => r.status === 'succeeded')).toBe(true);
    expect((await h.syncState())?.sweep ?? null).toBeNull();
    expect((await h.syncState())?.lastReconciledAt).toEqual(expect.any(String));
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
    expect((await h.indexed()).get('200')?.name).toBe('edited behind the overlap');
    expect(mostSweepRequestsInAWindow(h)).toBeLessThanOrEqual(SWEEP_SLOTS);
  }, 180_000);

  test('a full reindex whose catalog changes under it is verified by a sweep over several runs, then swaps', async () => {
    h = await new IndexerHarness({
      products: products(200),
      pageSize: PAGE,
      rateLimit: { requests: 1_000, windowMs: 60_000 },
      indexerRateLimit: LIMIT,
      env: { SWEEP_RATE_PERCENT: '25', SYNC_OVERLAP_SECONDS: '0' }, // the run's incremental sync reads nothing: the crawl comes first
    }).start();
    expect((await h.run('full')).status).toBe('succeeded');
    const firstIndex = await h.liveIndex();

    // A hard delete during the crawl: the feed never shows it, so the check before the swap must.
    let deleted = false;
    h.source.requests.length = 0;
    h.source.beforeRequest = () => {
      // Mid-crawl: the run's own incremental sync and the crawl's first pages are behind it.
      if (!deleted && h.source.requests.length > 5) {
        deleted = true;
        h.source.catalog.update('10', { name: 'edited during the crawl' });
        h.source.catalog.remove('120');
      }
    };
    const reports = [await lambdaRun(h, 'full')];
    reports.push(...(await runUntil(h, async () => (await h.liveIndex()) !== firstIndex && !(await h.syncState())?.reindex, 80)));
    expect(reports.every((r) => r.status === 'succeeded')).toBe(true);
    expect(reports.some((r) => r.stats.verifiedBy === 'sweep')).toBe(true);
    expect(reports.length).toBeGreaterThan(2); // the check before the swap went on over several runs
    expect(await h.liveIndex()).not.toBe(firstIndex);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  }, 180_000);
});
