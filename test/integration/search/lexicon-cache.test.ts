/**
 * The search side's copy of each tenant's lexicon, read from the real
 * Elasticsearch: loaded once, refreshed in the background, and a tenant
 * whose lexicon is not written yet searches without one until it appears.
 */
import { LexiconCache } from '../../../src/search/lexicon-cache.js';
import { ElasticsearchHttp } from '../../../src/transport/elasticsearch-http.js';
import { createLogger } from '../../../common/logger.js';
import { IndexerHarness, products } from '../../support/indexer-harness.js';

test('a tenant without a lexicon gets one shortly after the indexer writes it; reads are cached', async () => {
  const h = await new IndexerHarness({ products: products(25) }).start();
  try {
    const es = new ElasticsearchHttp({ url: process.env.ELASTICSEARCH_URL as string, timeoutMs: 5_000, retryAfterSeconds: 1 });
    const cache = new LexiconCache(es, h.prefix, createLogger('lexicon-test'), 60_000, 200);
    expect((await cache.get(h.tenant)).documents).toBe(0); // not indexed yet: search goes on without one

    expect((await h.run('full')).status).toBe('succeeded'); // writes the lexicon after the swap
    expect((await cache.get(h.tenant)).documents).toBe(0); // still the cached answer, no read per request
    await new Promise((r) => setTimeout(r, 300));
    await cache.get(h.tenant); // stale: a background read starts, this request is not held up
    await new Promise((r) => setTimeout(r, 300));
    const lexicon = await cache.get(h.tenant);
    expect(lexicon.documents).toBe(25);
    expect(lexicon.frequency('product')).toBe(25);
  } finally {
    await h.close();
  }
});

test('a refresh reads and parses the lexicon again only when its stored version changed', async () => {
  const h = await new IndexerHarness({ products: products(25) }).start();
  try {
    expect((await h.run('full')).status).toBe('succeeded');
    const es = new ElasticsearchHttp({ url: process.env.ELASTICSEARCH_URL as string, timeoutMs: 5_000, retryAfterSeconds: 1 });
    const cache = new LexiconCache(es, h.prefix, createLogger('lexicon-test'), 100, 100);
    const first = await cache.get(h.tenant);
    expect(cache.parses).toBe(1);
    for (let i = 0; i < 3; i += 1) {
      await new Promise((r) => setTimeout(r, 150));
      await cache.get(h.tenant); // stale: refreshed in the background
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(cache.parses).toBe(1); // unchanged: never parsed again
    expect(await cache.get(h.tenant)).toBe(first);

    h.source.catalog.upsert({ ...products(1, 26)[0]!, name: 'a new word zanzibar' });
    expect((await h.run('reconcile')).status).toBe('succeeded'); // rewrites the lexicon
    await new Promise((r) => setTimeout(r, 150));
    await cache.get(h.tenant);
    await new Promise((r) => setTimeout(r, 200));
    expect(cache.parses).toBe(2);
    expect((await cache.get(h.tenant)).frequency('zanzibar')).toBe(1);
  } finally {
    await h.close();
  }
});

test('an incremental sync\'s changes reach a cached lexicon at its next refresh, without parsing the lexicon again', async () => {
  const h = await new IndexerHarness({ products: products(25) }).start();
  try {
    expect((await h.run('full')).status).toBe('succeeded');
    const es = new ElasticsearchHttp({ url: process.env.ELASTICSEARCH_URL as string, timeoutMs: 5_000, retryAfterSeconds: 1 });
    const cache = new LexiconCache(es, h.prefix, createLogger('lexicon-test'), 100, 100);
    expect((await cache.get(h.tenant)).frequency('zanzibar')).toBe(0);

    h.source.catalog.upsert({ ...products(1, 26)[0]!, name: 'a new word zanzibar' });
    h.source.catalog.upsert({ ...products(1, 1)[0]!, active: false });
    expect((await h.run('scheduled')).status).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 150));
    await cache.get(h.tenant); // stale: refreshed in the background
    await new Promise((r) => setTimeout(r, 200));
    const lexicon = await cache.get(h.tenant);
    expect(lexicon.frequency('zanzibar')).toBe(1);
    expect(lexicon.documents).toBe(25); // one added, one deleted
    expect(cache.parses).toBe(1); // the stored lexicon was parsed once; the sync's delta was laid over it
  } finally {
    await h.close();
  }
});
