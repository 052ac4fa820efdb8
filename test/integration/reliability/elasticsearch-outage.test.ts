/**
 * Elasticsearch goes down in the middle of a bulk request and comes back:
 * the run fails cleanly, nothing half-built goes live, the watermark does not
 * move past what was written, and the next run leaves the index equal to the
 * source with no duplicates.
 */
import { FlakyProxy } from '../../support/tcp-proxy.js';
import { IndexerHarness, NO_DIFFERENCES, differencesFromSource, product, products } from '../../support/indexer-harness.js';
import type { SyncState } from '../../../indexer/sync/sync-state.js';

/**
 * The lock TTL is 1 s here (renewed after every page in a live run), and the
 * client does not retry: with its default retries and backoff a dead node
 * takes ~25 s to give up on, which is right in production and slow in a test.
 */
const lockExpiry = () => new Promise((resolve) => setTimeout(resolve, 3_100));

describe('Elasticsearch stopped in the middle of a bulk, then started again', () => {
  let h: IndexerHarness;
  let proxy: FlakyProxy;
  beforeEach(async () => {
    proxy = new FlakyProxy(new URL(process.env.ELASTICSEARCH_URL as string));
    await proxy.listen();
  });
  afterEach(async () => {
    await proxy.close();
    await h.close();
  });

  test('during a first full reindex: no alias until a complete index, then equal to the source', async () => {
    h = await new IndexerHarness({ products: products(200), pageSize: 25, indexerElasticsearchUrl: proxy.url, env: { INDEXER_LOCK_TTL_SECONDS: '3', ELASTICSEARCH_REQUEST_TIMEOUT_MS: '1000', ELASTICSEARCH_MAX_RETRIES: '0' } }).start();
    let pages = 0;
    h.source.beforeRequest = () => {
      pages += 1;
      if (pages === 4) proxy.stopDuringNextBulk();
    };
    const failed = await h.run('full');
    expect(proxy.cutBulk).toBe(true);
    expect(failed.status).toBe('failed');
    expect(await h.liveIndex()).toBeUndefined();

    proxy.start();
    h.source.beforeRequest = undefined;
    await lockExpiry(); // the failed run could not release its lock while the node was down
    const resumed = await h.run();
    expect(resumed.status).toBe('succeeded');
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });

  test('during an incremental sync: the watermark stays behind, the next sync writes what was lost', async () => {
    h = await new IndexerHarness({ products: products(60), pageSize: 10, indexerElasticsearchUrl: proxy.url, env: { INDEXER_LOCK_TTL_SECONDS: '3', ELASTICSEARCH_REQUEST_TIMEOUT_MS: '1000', ELASTICSEARCH_MAX_RETRIES: '0' } }).start();
    expect((await h.run()).status).toBe('succeeded');
    const live = await h.liveIndex();
    const watermarkBefore = (await h.es.get<{ state: SyncState }>({ index: h.names.stateIndex, id: `sync:${h.tenant}` }))._source?.state.watermark;

    await new Promise((r) => setTimeout(r, 5));
    for (let i = 1; i <= 30; i += 1) h.source.catalog.update(String(i), { name: `changed while the node died ${i}` });
    h.source.catalog.upsert(product(500, { name: 'new while the node died' }));
    proxy.stopDuringNextBulk();
    const failed = await h.run();
    expect(failed.status).toBe('failed');
    const watermarkAfter = (await h.es.get<{ state: SyncState }>({ index: h.names.stateIndex, id: `sync:${h.tenant}` }))._source?.state.watermark;
    expect(watermarkAfter?.cursor).toEqual(watermarkBefore?.cursor); // nothing acknowledged, nothing skipped

    proxy.start();
    await lockExpiry();
    expect((await h.run()).status).toBe('succeeded');
    expect(await h.liveIndex()).toBe(live);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });
});
