/**
 * The vocabulary as fresh as the documents: a product the incremental sync
 * adds is found by its own words, and in Finnish by the head of its
 * compound, after ONE incremental sync (no full build, no reconciliation).
 */
import { finnishCatalog } from '../../../local/commerce-api/nordic-catalogs.js';
import { product, products, type IndexerHarness } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';
import { LEXICON_DELTA_DOCUMENT_ID, LEXICON_DOCUMENT_ID } from '../../../common/contract/index-names.js';
import { tenantStatus } from '../../../indexer/status.js';

type Hit = { id: string; name: string };
const LANGUAGES = JSON.stringify({ kauppa: 'fi', shop: 'en' });

describe('a new product is searchable by its own words after one incremental sync', () => {
  let stack: SearchStack;
  beforeAll(async () => {
    stack = await startSearchStack({
      tenants: { kauppa: finnishCatalog(), shop: products(40) },
      env: { TENANT_LANGUAGES: LANGUAGES },
      indexerEnv: { TENANT_LANGUAGES: LANGUAGES },
    });
  }, 120_000);
  afterAll(() => stack.close());

  /** One scheduled run (an incremental sync), and the index's next refresh (1 s) as a shopper would wait for it. */
  const synced = async (harness: IndexerHarness) => {
    const run = await harness.run('scheduled');
    await harness.es.indices.refresh({ index: harness.names.productsAlias });
    return run.status;
  };

  /** A search as a newly started container serves it (reads the stored lexicon and its delta at first use). */
  const freshSearch = async (tenant: string, path: string) => {
    const fresh = await startSearchStack({ tenants: {}, indexOf: stack, env: { TENANT_LANGUAGES: LANGUAGES, SEARCH_TENANTS: 'kauppa,shop' } });
    try {
      const { status, body } = await fresh.json(path, { tenant });
      expect(status).toBe(200);
      return body;
    } finally {
      await fresh.close();
    }
  };

  test('Finnish: a new compound is found by its head ("sohva" → Tähtisohva) and by itself, never "corrected"', async () => {
    const harness = stack.tenants.get('kauppa')!;
    const lexiconBuiltAt = (await harness.es.get({ index: harness.names.lexiconIndex, id: LEXICON_DOCUMENT_ID }))._source;
    // A class and category that say nothing of sofas: only the compound's head can find it.
    harness.source.catalog.upsert(product(9101, { name: 'Tähtisohva Orion, yönsininen', productClass: ['Uutuudet'], categoryPath: ['Uutuudet'] }));

    expect(await synced(harness)).toBe('succeeded');

    const byHead = await freshSearch('kauppa', `/search?q=${encodeURIComponent('sohva')}&size=100`);
    expect((byHead.hits as Hit[]).map((hit) => hit.id)).toContain('9101');
    const inflected = await freshSearch('kauppa', `/search?q=${encodeURIComponent('sohvat')}&size=100`);
    expect((inflected.hits as Hit[]).map((hit) => hit.id)).toContain('9101');
    const itself = await freshSearch('kauppa', `/search?q=${encodeURIComponent('tähtisohvat')}`);
    expect((itself.hits as Hit[])[0]?.id).toBe('9101');
    expect(itself.didYouMean).toBeNull();

    // The lexicon itself was not rebuilt: the sync recorded its change beside it.
    expect((await harness.es.get({ index: harness.names.lexiconIndex, id: LEXICON_DOCUMENT_ID }))._source).toEqual(lexiconBuiltAt);
    expect((await harness.es.get({ index: harness.names.lexiconIndex, id: LEXICON_DELTA_DOCUMENT_ID })).found).toBe(true);
  });

  test('English: a word a sync adds is known at once (not "corrected"); a word a sync takes away is no longer known', async () => {
    const harness = stack.tenants.get('shop')!;
    harness.source.catalog.upsert(product(903, { name: 'Quokkaline lamp', productClass: ['Lamps'], categoryPath: ['Lighting', 'Lamps'] }));
    expect((await harness.run('reconcile')).status).toBe('succeeded'); // the stored lexicon knows "quokkaline"

    // One edit from it: unknown, "quokkalyne" would be corrected to "quokkaline".
    harness.source.catalog.upsert(product(904, { name: 'Quokkalyne armchair', productClass: ['Armchairs'], categoryPath: ['Furniture', 'Armchairs'] }));
    harness.source.catalog.upsert({ ...product(903, { name: 'Quokkaline lamp', productClass: ['Lamps'], categoryPath: ['Lighting', 'Lamps'] }), active: false });
    expect(await synced(harness)).toBe('succeeded');

    const added = await freshSearch('shop', '/search?q=quokkalyne');
    expect((added.hits as Hit[]).map((hit) => hit.id)).toEqual(['904']);
    expect(added.didYouMean).toBeNull();
    const removed = await freshSearch('shop', '/search?q=quokkaline');
    expect(removed.didYouMean).toBe('quokkalyne');
    const suggest = await freshSearch('shop', '/suggest?q=quokkal');
    expect(JSON.stringify(suggest)).toContain('Quokkalyne armchair');
    // Status reports the stored lexicon's size and the words the syncs changed since it was built.
    const { lexicon } = await tenantStatus(harness.es, harness.config, harness.tenant);
    expect(lexicon?.words).toBeGreaterThan(0);
    expect(lexicon?.deltaWords).toBeGreaterThan(0);
  });
});
