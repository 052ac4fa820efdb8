import type { Fault } from '../../../local/commerce-api/server.js';
import { IndexerHarness, NO_DIFFERENCES, differencesFromSource, product, products } from '../../support/indexer-harness.js';

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
