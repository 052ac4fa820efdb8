import { loadWandsProducts } from '../../../local/commerce-api/seed.js';
import { toAction } from '../../../indexer/transform/to-document.js';
import { IndexerHarness, expectedFromSource, mirrorOf, product, products } from '../../support/indexer-harness.js';

import { DATA_FILES } from '../../../data/files.js';

const WANDS = DATA_FILES.sampleCatalog;

describe('full reindex', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('mirrors the real WANDS catalog: every id, and each document equal to its source product', async () => {
    const catalog = loadWandsProducts(WANDS).slice(0, 1500);
    h = await new IndexerHarness({ products: catalog, pageSize: 400 }).start();

    const report = await h.run('full');

    expect(report.status).toBe('succeeded');
    expect(report.swappedTo).toMatch(new RegExp(`^${h.names.productsAlias}-v\\d{8}t\\d{9}z$`));
    expect(await h.liveIndex()).toBe(report.swappedTo);
    const indexed = await h.indexed();
    expect(mirrorOf(indexed)).toEqual(expectedFromSource(h.source));
    // Content: each stored document is exactly the transform of its source product (less the search-only fields).
    for (const source of h.source.catalog.all()) {
      const action = toAction(source);
      if (action.kind !== 'index') throw new Error(`expected ${source.id} to be indexable`);
      const { name_norm, description_norm, brand_norm, class_norm, category_norm, exact_norm, suggest, ...stored } = action.document;
      expect(indexed.get(source.id)).toEqual(stored);
    }
    // One request per page: the page reporting `total` reached ends the crawl without an empty extra request.
    expect(report.stats.requests).toBe(Math.ceil(1500 / 400));
    // It goes live merged: one segment per shard, no background merging competing with the first searches.
    const segments = await h.es.indices.segments({ index: report.swappedTo as string });
    const perShard = Object.values(segments.indices).flatMap((index) => Object.values(index.shards).flat().map((copy) => Object.keys(copy.segments).length));
    expect(perShard.length).toBeGreaterThan(0);
    expect(perShard.every((count) => count === 1)).toBe(true);
  });

  test('a second full reindex builds a new index, swaps atomically and deletes the old one', async () => {
    h = await new IndexerHarness({ products: products(30), pageSize: 7 }).start();
    const first = await h.run('full');
    h.source.catalog.update('3', { name: 'renamed between reindexes' });
    const second = await h.run('full');

    expect(second.status).toBe('succeeded');
    expect(second.swappedTo).not.toBe(first.swappedTo);
    expect(await h.liveIndex()).toBe(second.swappedTo);
    expect(await h.es.indices.exists({ index: first.swappedTo as string })).toBe(false);
    expect((await h.indexed()).get('3')?.name).toBe('renamed between reindexes');
  });

  test('an update made during the crawl is present after the swap', async () => {
    h = await new IndexerHarness({ products: products(40), pageSize: 10 }).start();
    let requests = 0;
    h.source.beforeRequest = () => {
      requests += 1;
      // After two pages were read, change a product from the first page and add a new one.
      if (requests === 3) {
        h.source.catalog.update('2', { name: 'changed during reindex', price: 999 });
        h.source.catalog.upsert(product(1000, { name: 'added during reindex' }));
        h.source.catalog.update('39', { active: false });
      }
    };
    const report = await h.run('full');

    expect(report.status).toBe('succeeded');
    const indexed = await h.indexed();
    expect(indexed.get('2')).toMatchObject({ name: 'changed during reindex', price: 999 });
    expect(indexed.get('1000')?.name).toBe('added during reindex');
    expect(indexed.has('39')).toBe(false);
    expect(mirrorOf(indexed)).toEqual(expectedFromSource(h.source));
  });
});

describe('incremental sync', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('picks up new, changed and deactivated products, and re-running changes nothing', async () => {
    // No overlap window, so a re-run reads only the products at the watermark's own instant.
    h = await new IndexerHarness({ products: products(25), pageSize: 10, env: { SYNC_OVERLAP_SECONDS: '0' } }).start();
    expect((await h.run()).status).toBe('succeeded'); // bootstraps with a full reindex
    const liveBefore = await h.liveIndex();

    await new Promise((r) => setTimeout(r, 5)); // distinct DateModified from the seed
    h.source.catalog.upsert(product(100, { name: 'brand new lamp' }));
    h.source.catalog.update('5', { name: 'changed sofa', price: 1.5 });
    h.source.catalog.update('6', { active: false });

    const report = await h.run();
    expect(report.status).toBe('succeeded');
    expect(await h.liveIndex()).toBe(liveBefore); // incremental: no new index
    const indexed = await h.indexed();
    expect(indexed.get('100')?.name).toBe('brand new lamp');
    expect(indexed.get('5')).toMatchObject({ name: 'changed sofa', price: 1.5 });
    expect(indexed.has('6')).toBe(false);
    expect(mirrorOf(indexed)).toEqual(expectedFromSource(h.source));

    const again = await h.run();
    expect(again.status).toBe('succeeded');
    expect(again.stats.documentsDeleted + again.stats.documentsIndexed).toBeLessThanOrEqual(3);
    expect(again.stats.requests).toBe(1);
    expect(mirrorOf(await h.indexed())).toEqual(expectedFromSource(h.source));
  });

  test('never skips products that share one DateModified across page boundaries', async () => {
    const fixed = Date.parse('2026-01-01T00:00:00.000Z');
    let now = fixed;
    h = await new IndexerHarness({ products: [], pageSize: 4, clock: () => now }).start();
    for (const p of products(11)) h.source.catalog.upsert(p); // 11 products, one timestamp, pages of 4
    expect((await h.run()).status).toBe('succeeded');
    expect((await h.indexed()).size).toBe(11);

    now = fixed + 1000;
    for (const p of products(9, 50)) h.source.catalog.upsert(p); // another tie group
    now = fixed + 2000;
    expect((await h.run()).status).toBe('succeeded');
    expect(mirrorOf(await h.indexed())).toEqual(expectedFromSource(h.source));
  });

  test('a product leaving an old tie group does not make the next sync skip another change', async () => {
    const seeded = Date.parse('2026-01-01T00:00:00.000Z');
    let now = seeded;
    h = await new IndexerHarness({ products: [], pageSize: 4, clock: () => now }).start();
    for (const p of products(11)) h.source.catalog.upsert(p); // one old instant, far behind "now"
    expect((await h.run()).status).toBe('succeeded');

    now = Date.now();
    h.source.catalog.update('3', { name: 'left the tie group' }); // the group at the watermark shrinks by one
    h.source.catalog.upsert(product(50, { name: 'new after it' }));
    const report = await h.run();
    expect(report.status).toBe('succeeded');
    const indexed = await h.indexed();
    expect(indexed.get('3')?.name).toBe('left the tie group');
    expect(indexed.get('50')?.name).toBe('new after it');
    expect(report.stats.documentsIndexed).toBe(2); // and the old group was not re-read
  });

  test('an edit that keeps its DateModified, or moves it back, is repaired by reconciliation (the content hash differs)', async () => {
    h = await new IndexerHarness({ products: [], pageSize: 8 }).start();
    // An established catalog: stamped long before the overlap window an incremental sync re-reads.
    for (const p of products(30)) h.source.catalog.upsert(p, Date.parse('2025-06-01T00:00:00Z'));
    await h.run();
    const indexed = await h.indexed();
    const same = Date.parse(indexed.get('5')!.date_modified);
    const earlier = Date.parse(indexed.get('6')!.date_modified) - 60_000;
    h.source.catalog.upsert({ ...product(5), name: 'renamed, same DateModified' }, same);
    h.source.catalog.upsert({ ...product(6), name: 'renamed, DateModified moved back' }, earlier);

    expect((await h.run()).status).toBe('succeeded');
    expect((await h.indexed()).get('5')?.name).not.toBe('renamed, same DateModified'); // no newer version: the feed cannot tell

    const swept = await h.run('reconcile');
    expect(swept.status).toBe('succeeded');
    const after = await h.indexed();
    expect(after.get('5')?.name).toBe('renamed, same DateModified');
    expect(after.get('6')?.name).toBe('renamed, DateModified moved back');
    expect(swept.stats.reconciledUpdated).toBe(2);
  });

  test('reconciliation removes products hard-deleted at the source', async () => {
    h = await new IndexerHarness({ products: products(30), pageSize: 8 }).start();
    await h.run();
    h.source.catalog.remove('4');
    h.source.catalog.remove('17');

    const incremental = await h.run();
    expect(incremental.status).toBe('succeeded');
    expect((await h.indexed()).has('4')).toBe(true); // a hard delete leaves no trace in the change feed

    const swept = await h.run('reconcile');
    expect(swept.status).toBe('succeeded');
    expect(swept.stats.reconciledRemoved).toBe(2);
    expect(mirrorOf(await h.indexed())).toEqual(expectedFromSource(h.source));
  });
});
