/**
 * The nightly full reindex and the hourly reconciliation fire in the same
 * minute as the every-minute sync. Only one run holds a tenant: the others
 * used to end as `skipped`, and their work waited a day or an hour. Now a
 * full or reconcile run that finds the tenant busy is queued, and the next
 * run that holds the tenant, whatever its own mode, carries it out.
 */
import { IndexerHarness, NO_DIFFERENCES, differencesFromSource, products } from '../../support/indexer-harness.js';
import { tenantStatus } from '../../../indexer/status.js';

describe('schedules that fire in the same minute', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('the full and reconcile runs that find the tenant busy are queued, and the next scheduled run carries both out', async () => {
    h = await new IndexerHarness({ products: products(40), pageSize: 10 }).start();
    expect((await h.run('scheduled')).status).toBe('succeeded');
    const before = await h.liveIndex();

    // A hard delete (no trace in the change feed: only a reconciliation or a full reindex finds it) and an edit.
    h.source.catalog.remove('7');
    h.source.catalog.update('8', { name: 'renamed while the schedules fire' });

    // The three rules fire in one minute; the every-minute sync happens to take the tenant first.
    h.source.beforeRequest = () => new Promise((resolve) => setTimeout(resolve, 300));
    const sync = h.run('scheduled');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const [full, reconcile] = await Promise.all([h.run('full'), h.run('reconcile')]);
    expect(full).toMatchObject({ mode: 'full', status: 'queued' });
    expect(reconcile).toMatchObject({ mode: 'reconcile', status: 'queued' });
    expect((await sync).status).toBe('succeeded');
    h.source.beforeRequest = undefined;
    expect((await tenantStatus(h.es, h.config, h.tenant)).queued).toEqual({ full: expect.any(String), reconcile: expect.any(String) });

    // ONE more scheduled run (the next minute).
    const next = await h.run('scheduled');
    expect(next.status).toBe('succeeded');
    expect(await h.liveIndex()).not.toBe(before); // the full reindex ran and swapped
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES); // the hard delete is gone, the edit is in
    expect((await tenantStatus(h.es, h.config, h.tenant)).queued).toEqual({ full: null, reconcile: null });
  }, 60_000);

  test('a request that arrives while its own kind of work runs is kept for the run after', async () => {
    h = await new IndexerHarness({ products: products(20), pageSize: 10 }).start();
    expect((await h.run('scheduled')).status).toBe('succeeded');
    h.source.beforeRequest = () => new Promise((resolve) => setTimeout(resolve, 300));
    const first = h.run('reconcile');
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Asked for again while the first reconciliation runs: it may have read the catalog already.
    expect((await h.run('reconcile')).status).toBe('queued');
    expect((await first).status).toBe('succeeded');
    h.source.beforeRequest = undefined;
    expect((await tenantStatus(h.es, h.config, h.tenant)).queued.reconcile).toEqual(expect.any(String));
    h.source.catalog.remove('3');
    const next = await h.run('scheduled');
    expect(next.stats.reconciledRemoved).toBe(1);
    expect((await tenantStatus(h.es, h.config, h.tenant)).queued.reconcile).toBeNull();
  }, 60_000);
});
