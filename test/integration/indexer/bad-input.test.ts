import type { Fault } from '../../../local/commerce-api/server.js';
import { IndexerHarness, NO_DIFFERENCES, differencesFromSource, product, products } from '../../support/indexer-harness.js';
import { FailedItemsStore } from '../../../indexer/sink/failed-items.js';
import { tenantStatus } from '../../../indexer/status.js';

describe('bad upstream responses leave the live index untouched', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  const cases: Array<[string, Fault, RegExp]> = [
    ['GraphQL errors', { kind: 'graphqlError' }, /GraphQL errors: upstream catalog unavailable/],
    ['malformed JSON', { kind: 'malformedJson' }, /not valid JSON/],
    ['HTTP 5xx beyond the retries', { kind: 'serverError', count: 2 }, /HTTP 500/],
    ['a response slower than the timeout', { kind: 'slow', delayMs: 4_000, count: 2 }, /did not answer within 2000 ms/],
    ['a connection reset mid-request', { kind: 'connectionReset', count: 2 }, /request failed/],
  ];

  test.each(cases)('%s → run failed with a clear error, alias and documents unchanged', async (_name, fault, message) => {
    h = await new IndexerHarness({ products: products(15), pageSize: 10 }).start();
    expect((await h.run()).status).toBe('succeeded');
    const liveBefore = await h.liveIndex();
    const docsBefore = await h.indexed();
    h.source.catalog.update('3', { name: 'not yet visible' });

    h.source.injectFault(fault);
    const failedFull = await h.run('full');
    expect(failedFull.status).toBe('failed');
    expect(failedFull.error).toMatch(message);
    expect(await h.liveIndex()).toBe(liveBefore);
    expect(await h.indexed()).toEqual(docsBefore);

    // Once the API is healthy again, the next run catches up (and finishes the pending reindex).
    h.source.faults.length = 0;
    const recovered = await h.run();
    expect(recovered.status).toBe('succeeded');
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  }, 30_000);

  test('a transient 5xx within the retry allowance does not fail the run', async () => {
    h = await new IndexerHarness({ products: products(15), pageSize: 10 }).start();
    h.source.injectFault({ kind: 'serverError', count: 1 });
    const report = await h.run();
    expect(report.status).toBe('succeeded');
    expect(report.stats.retries).toBe(1);
  });

  test('wrong credentials fail the run with the HTTP status, not the secret', async () => {
    h = await new IndexerHarness({ products: products(3) }).start();
    const report = await h.run('scheduled', { tenantSecret: 'wrong-secret' });
    expect(report.status).toBe('failed');
    expect(report.error).toBe('commerce API answered HTTP 403');
    expect(JSON.stringify(report)).not.toContain(h.graphqlSecret);
  });
});

describe('malformed products and rejected documents are kept, reported and retried', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('a malformed product is reported with its id and reason; the rest of the page is indexed', async () => {
    h = await new IndexerHarness({ products: products(12), pageSize: 5 }).start();
    h.source.catalog.upsert({ ...product(7), name: '   ' }); // empty name after trimming
    h.source.catalog.upsert({ ...product(8), price: -5 });

    const report = await h.run();
    expect(report.status).toBe('failed');
    expect(report.stats.invalidProducts).toBe(2);
    expect(report.error).toMatch(/2 products could not be indexed/);
    const indexed = await h.indexed();
    expect(indexed.size).toBe(10);
    expect(indexed.has('7')).toBe(false);

    const failed = await h.es.search<{ product_id: string; reason: string; detail: string }>({
      index: h.names.failedItemsIndex,
      query: { match_all: {} },
    });
    const byId = new Map(failed.hits.hits.map((hit) => [hit._source?.product_id, hit._source]));
    expect(byId.get('7')).toMatchObject({ reason: 'invalid_product', detail: 'name: name is empty' });
    expect(byId.get('8')?.detail).toMatch(/^price: /);

    // Fixed at the source → picked up by the next incremental sync, and the store empties.
    await new Promise((r) => setTimeout(r, 5));
    h.source.catalog.update('7', { name: 'repaired name' });
    h.source.catalog.update('8', { price: 5 });
    const next = await h.run();
    expect(next.status).toBe('succeeded');
    expect(next.stats.pendingFailures).toBe(0);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });

  test('documents Elasticsearch rejects are stored with the reason and retried until they land', async () => {
    h = await new IndexerHarness({ products: products(10), pageSize: 5 }).start();
    expect((await h.run()).status).toBe('succeeded');
    const live = (await h.liveIndex()) as string;

    // The index turns read-only (as at Elasticsearch's disk flood stage): writes are rejected per item.
    await h.es.indices.putSettings({ index: live, settings: { 'index.blocks.write': true } });
    await new Promise((r) => setTimeout(r, 5));
    h.source.catalog.update('2', { name: 'blocked update' });
    const blocked = await h.run();
    expect(blocked.status).toBe('failed');
    expect(blocked.stats.rejectedDocuments).toBeGreaterThanOrEqual(1);
    const stored = await h.es.get<{ reason: string; detail: string }>({ index: h.names.failedItemsIndex, id: '2' });
    expect(stored._source).toMatchObject({ reason: 'rejected_by_elasticsearch' });
    expect(stored._source?.detail).toMatch(/cluster_block_exception/);

    await h.es.indices.putSettings({ index: live, settings: { 'index.blocks.write': false } });
    const retried = await h.run();
    expect(retried.status).toBe('succeeded');
    expect((await h.indexed()).get('2')?.name).toBe('blocked update');
    expect(await h.es.exists({ index: h.names.failedItemsIndex, id: '2' })).toBe(false);
  });
});

describe('failed items have a lifecycle: nothing in the store can wedge a tenant', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('a product refused, then hard-deleted at the source, leaves the store; syncs succeed and a full reindex swaps', async () => {
    h = await new IndexerHarness({ products: products(20), pageSize: 8 }).start();
    h.source.catalog.upsert({ ...product(8), price: -5 });
    expect((await h.run()).status).toBe('failed');
    expect(await h.es.exists({ index: h.names.failedItemsIndex, id: '8' })).toBe(true);

    h.source.catalog.remove('8');
    const next = await h.run();
    expect(next).toMatchObject({ status: 'succeeded', stats: expect.objectContaining({ pendingFailures: 0, quarantinedFailures: 0 }) });
    expect(await h.es.exists({ index: h.names.failedItemsIndex, id: '8' })).toBe(false);

    const live = await h.liveIndex();
    const full = await h.run('full');
    expect(full.status).toBe('succeeded');
    expect(await h.liveIndex()).not.toBe(live);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });

  test('a product that keeps failing is quarantined after N attempts: reported, no longer failing runs, never blocking a swap', async () => {
    h = await new IndexerHarness({ products: products(20), pageSize: 8, env: { FAILED_ITEM_MAX_ATTEMPTS: '2' } }).start();
    h.source.catalog.upsert({ ...product(8), price: -5 });
    expect((await h.run()).status).toBe('failed'); // attempt 1
    const second = await h.run(); // attempt 2: quarantined
    expect(second).toMatchObject({ status: 'succeeded', stats: expect.objectContaining({ pendingFailures: 0, quarantinedFailures: 1 }) });
    const status = await tenantStatus(h.es, h.config, h.tenant);
    expect(status.failedItems).toEqual({ pending: 0, quarantined: 1, quarantinedIds: ['8'] });
    const requestsBefore = h.source.requests.length;
    expect((await h.run()).status).toBe('succeeded');
    // A quarantined item is not retried every run (a retry asks the source for its id).
    expect(h.source.requests.slice(requestsBefore).filter((r) => r.variables?.ids !== undefined)).toEqual([]);

    // The catalog moves during a full reindex, so it is verified by the (id, DateModified) sweep: the quarantined
    // product is counted as what it is, and the alias swaps.
    const live = await h.liveIndex();
    let changed = false;
    h.source.beforeRequest = (request) => {
      // The crawl starts from the feed's beginning (modifiedSince null): a product changes after it began.
      if (!changed && request.variables?.ids === undefined && request.variables?.modifiedSince === null) {
        changed = true;
        h.source.catalog.update('3', { name: 'moved mid-crawl' });
      }
    };
    const full = await h.run('full');
    h.source.beforeRequest = undefined;
    expect(full).toMatchObject({ status: 'succeeded', stats: expect.objectContaining({ verifiedBy: 'sweep', quarantinedFailures: 1 }) });
    expect(await h.liveIndex()).not.toBe(live);

    // Fixed at the source: the feed writes it and the entry leaves quarantine.
    h.source.catalog.update('8', { price: 8 });
    const fixed = await h.run();
    expect(fixed.stats.quarantinedFailures).toBe(0);
    expect((await tenantStatus(h.es, h.config, h.tenant)).failedItems).toEqual({ pending: 0, quarantined: 0, quarantinedIds: [] });
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  }, 30_000);

  test('an entry for a product without an id is quarantined, never fails a run, and leaves with the next full reindex', async () => {
    h = await new IndexerHarness({ products: products(5), pageSize: 8 }).start();
    expect((await h.run()).status).toBe('succeeded');
    await new FailedItemsStore(h.es, h.names.failedItemsIndex).record(
      [{ productId: undefined, reason: 'invalid_product', detail: 'id: missing', status: null, active: true, product: { name: 'no id' } }],
      'an-earlier-run',
      new Date(Date.now() - 60_000),
    );
    expect((await h.run()).status).toBe('succeeded');
    expect((await tenantStatus(h.es, h.config, h.tenant)).failedItems.quarantined).toBe(1);
    expect((await h.run('full')).status).toBe('succeeded');
    expect((await tenantStatus(h.es, h.config, h.tenant)).failedItems).toEqual({ pending: 0, quarantined: 0, quarantinedIds: [] });
  });
});
