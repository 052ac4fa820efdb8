/**
 * Paging by limit/offset over a catalog that changes during the crawl can
 * skip or repeat products. The full reindex pages a keyset change feed and
 * verifies against the source (reconciling before the swap), so adds,
 * changes, deactivations and hard deletes between pages all end up right.
 */
import { IndexerHarness, NO_DIFFERENCES, differencesFromSource, product, products } from '../../support/indexer-harness.js';

describe('full reindex while the catalog changes between pages', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('adds, changes, deactivations and hard deletes between every page', async () => {
    h = await new IndexerHarness({ products: products(120), pageSize: 10 }).start();
    let page = 0;
    let nextId = 1000;
    h.source.beforeRequest = (request) => {
      // Only the crawl's page requests, and only while the crawl is under way (changes after the indexer's
      // last read belong to the next sync, which the second test covers).
      if (request.variables?.limit !== 10 || page >= 10) return;
      page += 1;
      const catalog = h.source.catalog;
      const ids = catalog.all().map((p) => p.id);
      // Before each page: a product is added, one already read changes, one is hard-deleted, one deactivated.
      catalog.upsert(product(nextId++, { name: `added during page ${page}` }));
      const early = ids[page % 7];
      if (early) catalog.update(early, { name: `changed during page ${page}` });
      const doomed = ids[(page * 13) % ids.length];
      if (doomed && page % 2 === 0) catalog.remove(doomed);
      const hidden = ids[(page * 29) % ids.length];
      if (hidden && page % 3 === 0) catalog.update(hidden, { active: false });
    };
    const report = await h.run('full');
    h.source.beforeRequest = undefined;

    expect(report.status).toBe('succeeded');
    expect(page).toBe(10); // the crawl really did page through a moving catalog
    expect(h.source.requests.length).toBeGreaterThan(12);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });

  test('the same churn during an incremental sync, then the hourly reconciliation: equal to the source', async () => {
    h = await new IndexerHarness({ products: products(60), pageSize: 10 }).start();
    await h.run();
    await new Promise((r) => setTimeout(r, 5));
    for (const p of h.source.catalog.all().slice(0, 40)) h.source.catalog.update(p.id, { price: 1 }); // 4 pages of changes
    let page = 0;
    h.source.beforeRequest = () => {
      page += 1;
      h.source.catalog.upsert(product(2000 + page, { name: `added mid-sync ${page}` }));
      h.source.catalog.update(String(page), { name: `moved mid-sync ${page}` }); // leaves its place in the feed
      if (page === 2) h.source.catalog.remove('55');
    };
    expect((await h.run()).status).toBe('succeeded');
    h.source.beforeRequest = undefined;
    expect((await h.run('reconcile')).status).toBe('succeeded'); // hard deletes leave no trace in the feed
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });
});
