/**
 * A slow cluster (every request answered 100 ms late, a tenth of the
 * request timeout) while the catalog changes under a full reindex: the
 * lease holds, nothing is lost, and the reconciliation that follows has
 * nothing left to repair.
 */
import { StallingProxy } from '../../support/stalling-proxy.js';
import { differencesFromSource, IndexerHarness, NO_DIFFERENCES, product, products } from '../../support/indexer-harness.js';

test('every Elasticsearch request 100 ms late, the catalog changing between pages: ONE full reindex mirrors the source; reconciliation repairs nothing', async () => {
  const proxy = new StallingProxy(new URL(process.env.ELASTICSEARCH_URL as string), () => ({ kind: 'delay', ms: 100 }));
  await proxy.listen();
  const h = await new IndexerHarness({
    products: products(60),
    pageSize: 10,
    indexerElasticsearchUrl: proxy.url,
    env: { INDEXER_LOCK_TTL_SECONDS: '3', ELASTICSEARCH_REQUEST_TIMEOUT_MS: '1000', ELASTICSEARCH_MAX_RETRIES: '0' },
  }).start();
  try {
    let page = 0;
    h.source.beforeRequest = (request) => {
      if (!request.variables || !('modifiedSince' in request.variables)) return;
      page += 1;
      // Between pages: an edit of a product already read, a hard delete of another, a new product.
      if (page % 2 === 0 && page < 6) {
        h.source.catalog.update(String(page), { name: `edited during the crawl ${page}` });
        h.source.catalog.remove(String(50 - page));
        h.source.catalog.upsert(product(500 + page));
      }
    };
    const full = await h.run('full');
    expect(full.error).toBeUndefined();
    expect(full.status).toBe('succeeded');
    h.source.beforeRequest = undefined;
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);

    const swept = await h.run('reconcile');
    expect(swept.status).toBe('succeeded');
    expect([swept.stats.reconciledRemoved, swept.stats.reconciledRepaired, swept.stats.reconciledUpdated]).toEqual([0, 0, 0]);
  } finally {
    await h.close();
    await proxy.close();
  }
}, 120_000);
