/**
 * The indexer's promise, kept while the catalog changes under a run: after
 * ONE run (never a later one that happens to heal it) the alias holds exactly
 * the source's active products with their newest content. Each case changes
 * the catalog at a deterministic point between pages, through the local API's
 * request hook, against the real Elasticsearch.
 */
import { IndexerHarness, NO_DIFFERENCES, differencesFromSource, product, products } from '../../support/indexer-harness.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `change` once, right before the feed page request number `n` (1-based) of the run under test. */
function beforePage(h: IndexerHarness, n: number, change: () => void | Promise<void>): void {
  let seen = 0;
  h.source.beforeRequest = async (request) => {
    if (request.variables?.ids !== undefined || !('modifiedSince' in (request.variables ?? {}))) return;
    seen += 1;
    if (seen === n) await change();
  };
}

/** The ids of the products the API answered on feed page `n` of the run. */
function idsOnPage(h: IndexerHarness, n: number, pageSize: number): string[] {
  const ordered = h.source.catalog
    .all()
    .sort((a, b) => Date.parse(a.dateModified) - Date.parse(b.dateModified) || Number(a.id) - Number(b.id));
  return ordered.slice((n - 1) * pageSize, n * pageSize).map((p) => p.id);
}

describe('a full reindex while products are hard-deleted', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('two products page 1 returned are deleted before page 2: none missing, none left searchable', async () => {
    h = await new IndexerHarness({ products: products(30), pageSize: 10 }).start();
    // One DateModified for all: the crawl pages inside one tie group, where offsets shift.
    h.source.catalog.updateMany(undefined, {}, Date.now() - 60_000);
    const [first, , third] = idsOnPage(h, 1, 10);
    beforePage(h, 2, () => {
      h.source.catalog.remove(first as string);
      h.source.catalog.remove(third as string);
    });
    const report = await h.run('full');
    h.source.beforeRequest = undefined;

    expect(report.status).toBe('succeeded');
    expect(report.stats.verifiedBy).toBe('sweep');
    expect(report.stats.reconciledRemoved).toBe(2);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });
});

describe('an incremental sync over a tie group larger than a page (2,500 products, pages of 1,000)', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  async function indexedThenRepriced(): Promise<void> {
    h = await new IndexerHarness({ products: products(2_500), pageSize: 1_000 }).start();
    expect((await h.run()).status).toBe('succeeded');
    // An ERP price import: one DateModified on every product.
    h.source.catalog.updateMany(undefined, { price: 5 }, Date.now());
  }

  test('the last product of page 1 is modified before page 2: nothing is skipped', async () => {
    await indexedThenRepriced();
    const anchor = idsOnPage(h, 1, 1_000).at(-1) as string;
    beforePage(h, 2, () => {
      h.source.catalog.update(anchor, { name: 'modified between pages' });
    });
    const report = await h.run();
    h.source.beforeRequest = undefined;
    expect(report.status).toBe('succeeded');
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  }, 60_000);

  test('a product of page 1 is deactivated before page 2: it leaves search and nothing is skipped', async () => {
    await indexedThenRepriced();
    const hidden = idsOnPage(h, 1, 1_000)[500] as string;
    beforePage(h, 2, () => {
      h.source.catalog.update(hidden, { active: false });
    });
    const report = await h.run();
    h.source.beforeRequest = undefined;
    expect(report.status).toBe('succeeded');
    expect((await h.indexed()).has(hidden)).toBe(false);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  }, 60_000);
});

describe('resuming', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('a full reindex interrupted, the catalog changed meanwhile, resumed: equal to the source', async () => {
    h = await new IndexerHarness({ products: products(60), pageSize: 10 }).start();
    h.source.catalog.updateMany(undefined, {}, Date.now() - 60_000);
    // The run reaches its deadline while page 3 is on its way: pages 1 and 2 are written and checkpointed.
    beforePage(h, 3, () => sleep(1_500));
    const interrupted = await h.run('scheduled', { deadline: Date.now() + 1_000 });
    h.source.beforeRequest = undefined;
    expect(interrupted.status).toBe('paused');
    expect((await h.syncState())?.reindex?.documents).toBeGreaterThanOrEqual(20);

    // Meanwhile two products already read are hard-deleted: everything behind them shifts, and a stored
    // offset would now skip two products while the two deleted ones stay (the counts still agree).
    const read = idsOnPage(h, 1, 20);
    h.source.catalog.remove(read[4] as string);
    h.source.catalog.remove(read[12] as string);

    const resumed = await h.run();
    expect(resumed.status).toBe('succeeded');
    expect(resumed.swappedTo).toBeDefined();
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });

  test('a sync that pauses inside the overlap window reads the rest of the window next time', async () => {
    // Overlap 5 s (harness). Group A (11 products) and group B (6) changed; a first sync reads both.
    h = await new IndexerHarness({ products: products(17), pageSize: 5 }).start();
    expect((await h.run()).status).toBe('succeeded');
    await sleep(400); // every new DateModified below is later than the products' first one
    const now = Date.now();
    const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
    h.source.catalog.updateMany(ids(1, 11), { price: 1 }, now - 300);
    h.source.catalog.updateMany(ids(12, 17), { price: 2 }, now - 100);
    expect((await h.run()).status).toBe('succeeded');
    // A late commit: dated between A and B, committed after the sync read past it. Only the overlap finds it.
    h.source.catalog.upsert(product(99, { name: 'committed late' }), now - 200);

    // The next sync re-reads the window (A, A', the late one, B) and reaches its deadline after two pages.
    beforePage(h, 2, () => sleep(1_500));
    expect((await h.run('scheduled', { deadline: Date.now() + 1_000 })).status).toBe('paused');
    h.source.beforeRequest = undefined;
    expect((await h.indexed()).has('99')).toBe(false);

    const next = await h.run();
    expect(next.status).toBe('succeeded');
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });
});

describe('the run lock', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('is kept through a budget wait longer than its TTL: a second run is skipped, the first succeeds', async () => {
    h = await new IndexerHarness({
      products: products(30),
      pageSize: 10,
      indexerRateLimit: { requests: 2, windowMs: 4_000 },
      // The TTL covers three Elasticsearch timeouts (the configuration insists).
      env: { INDEXER_LOCK_TTL_SECONDS: '3', ELASTICSEARCH_REQUEST_TIMEOUT_MS: '1000' },
    }).start();
    const first = h.run(); // 4 requests at 2 per 4 s: waits about 4 s, longer than the TTL, for the budget
    await new Promise((r) => setTimeout(r, 1_500));
    const second = await h.run();
    expect(second.status).toBe('skipped');
    const report = await first;
    expect(report.status).toBe('succeeded');
    expect(report.stats.budgetWaitMs).toBeGreaterThan(1_000);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  }, 30_000);

  test('a run whose lock expired and was taken over reports the hand-over and changes nothing more', async () => {
    h = await new IndexerHarness({ products: products(60), pageSize: 10 }).start();
    const writes: string[] = [];
    let second: Awaited<ReturnType<IndexerHarness['run']>> | undefined;
    let takenOver = false;
    let takeOver: Promise<void> | undefined;
    beforePage(h, 3, () => {
      if (takenOver) return undefined;
      takenOver = true;
      takeOver = takeOverNow();
      return takeOver;
    });
    const takeOverNow = async () => {
      // The first run is frozen here past its TTL: its lock expires ...
      const state = await h.syncState();
      await h.es.index({
        index: h.names.stateIndex,
        id: `sync:${h.tenant}`,
        document: { kind: 'sync', tenant: h.tenant, state: { ...state, lock: { ...state?.lock, expiresAt: 0 } } },
        refresh: true,
      });
      // ... and the next scheduled run takes the tenant over and finishes the reindex.
      h.source.beforeRequest = undefined;
      second = await h.run('scheduled', { es: h.es });
      writes.push(JSON.stringify((await h.syncState())?.watermark));
    };
    const first = await h.run('full');
    // The first run may notice the expired lock (its fenced write before a page fails) while the takeover is
    // still under way: wait for the takeover to finish before looking.
    await takeOver;

    expect(second?.status).toBe('succeeded');
    expect(second?.swappedTo).toBeDefined();
    expect(first.status).toBe('handed-over');
    expect(first.error).toMatch(/handed over at \d+ of \d+ products of the full reindex/);
    // The first run wrote nothing after the hand-over: no checkpoint resurrected, the watermark is the second's.
    const after = await h.syncState();
    expect(after?.reindex).toBeNull();
    expect(JSON.stringify(after?.watermark)).toBe(writes[0]);
    expect(after?.lastRun?.runId).toBe(second?.runId);
    expect(after?.lock ?? null).toBeNull();
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });
});

describe('reconciliation', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('compares (id, DateModified): an old-timestamped new product and a change committed late are repaired', async () => {
    h = await new IndexerHarness({ products: products(25), pageSize: 10 }).start();
    const hourAgo = Date.now() - 3_600_000;
    h.source.catalog.updateMany(undefined, {}, hourAgo);
    h.source.catalog.updateMany(['3'], {}, hourAgo - 1_000);
    expect((await h.run()).status).toBe('succeeded');
    // Both carry a DateModified behind the watermark (hourAgo): the change feed never shows them again.
    h.source.catalog.updateMany(['3'], { name: 'changed, committed late' }, hourAgo - 500);
    h.source.catalog.upsert(product(500, { name: 'imported with its original timestamp' }), hourAgo - 3_600_000);
    expect((await h.run()).status).toBe('succeeded');
    const gap = await differencesFromSource(h);
    expect(gap.missing).toEqual(['500']);
    expect(gap.stale).toEqual(['3']);

    const report = await h.run('reconcile');
    expect(report.status).toBe('succeeded');
    expect(report.stats.reconciledRepaired).toBe(1);
    expect(report.stats.reconciledUpdated).toBe(1);
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });

  test('a delete carries the version it read: a newer copy written meanwhile stays', async () => {
    h = await new IndexerHarness({ products: products(10), pageSize: 10 }).start();
    expect((await h.run()).status).toBe('succeeded');
    h.source.catalog.remove('5');
    const newer = Date.now() + 60_000;
    h.source.beforeRequest = async (request) => {
      // While reconciliation re-checks the ids it is about to delete, a newer copy of 5 lands in the index
      // (written by the run that holds the tenant now, after the product came back).
      if (request.variables?.ids !== undefined) {
        await h.es.index({ index: h.names.productsAlias, id: '5', version: newer, version_type: 'external', document: { id: '5', name: 'came back', active: true, date_modified: new Date(newer).toISOString() }, refresh: true });
      }
    };
    const report = await h.run('reconcile');
    h.source.beforeRequest = undefined;
    expect(report.status).toBe('succeeded');
    expect(report.stats.reconciledRemoved).toBe(0);
    expect((await h.indexed()).get('5')?.name).toBe('came back');
  });
});

describe('exact anchors', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test("a trail product restamped to exactly the anchor's DateModified is read again, and nothing is skipped, in ONE sync", async () => {
    h = await new IndexerHarness({ products: products(20), pageSize: 8 }).start();
    expect((await h.run('full')).status).toBe('succeeded');
    // Every product changes, one second apart, the highest id first: the feed reads 20, 19, … 1.
    const base = Date.now() + 10_000;
    const stampOf = (id: number) => base + (20 - id) * 1_000;
    for (let id = 1; id <= 20; id += 1) h.source.catalog.updateMany([String(id)], { price: 100 + id }, stampOf(id));
    // Page 1 reads 20 … 13 (13 is the anchor). Before page 2, 15 is edited and stamped exactly as 13: it now sorts
    // right after the anchor, and the products before it shift left.
    beforePage(h, 2, () => {
      h.source.catalog.updateMany(['15'], { name: 'restamped to the anchor instant' }, stampOf(13));
    });
    const report = await h.run();
    h.source.beforeRequest = undefined;
    expect(report.status).toBe('succeeded');
    expect((await h.indexed()).get('15')?.name).toBe('restamped to the anchor instant');
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
    expect(report.stats.reconciledRepaired + report.stats.reconciledUpdated).toBe(0); // the pager alone got it right
  });
});

describe("the overlap window in the API's time", () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('with the API clock 3 minutes behind, a change committed late inside the overlap is read by ONE sync', async () => {
    const behind = 180_000;
    const apiNow = () => Date.now() - behind;
    h = await new IndexerHarness({ products: products(10), pageSize: 5, clock: apiNow, env: { SYNC_OVERLAP_SECONDS: '120' } }).start();
    h.source.catalog.updateMany(undefined, {}, apiNow() - 600_000); // the catalog as of ten minutes ago
    expect((await h.run('full')).status).toBe('succeeded');
    h.source.catalog.update('7', { name: 'edited now' });
    expect((await h.run()).status).toBe('succeeded'); // caught up: the watermark is at 7's edit, now in the API's time
    // Committed now, stamped a minute ago in the API's time: before the watermark, inside the 2-minute overlap.
    h.source.catalog.updateMany(['4'], { name: 'committed late' }, apiNow() - 60_000);
    const report = await h.run();
    expect(report.status).toBe('succeeded');
    expect((await h.indexed()).get('4')?.name).toBe('committed late');
    expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
  });
});
