/**
 * A deploy meets indices an earlier deploy created. One that adds a field to
 * the product mapping: the mapping is strict, so the run adds the missing
 * fields before it writes, and nothing is refused. One whose normaliser reads
 * words differently: the next run rebuilds the live index, whose stored keys
 * would no longer meet the queries'.
 */
import { readIndexDefinition } from '../../../indexer/sink/mappings.js';
import { IndexerHarness, products } from '../../support/indexer-harness.js';
import { NORMALISER_VERSION } from '../../../common/text/languages.js';

test('a live index created without content_hash gets the field, and the next run writes into it', async () => {
  const h = await new IndexerHarness({ products: products(5) }).start();
  try {
    const { settings, mappings } = readIndexDefinition('products');
    const { content_hash: _added, ...olderProperties } = mappings.properties ?? {};
    const older = `${h.names.productsAlias}-v20250101t000000000z`;
    await h.es.indices.create({ index: older, settings, mappings: { ...mappings, properties: olderProperties } });
    await h.es.indices.putAlias({ index: older, name: h.names.productsAlias });

    const report = await h.run('scheduled');
    expect(report.error).toBeUndefined();
    expect(report.status).toBe('succeeded');
    expect(report.stats.rejectedDocuments).toBe(0);
    const indexed = await h.indexed();
    expect(indexed.size).toBe(5);
    expect((indexed.get('1') as unknown as { content_hash?: string }).content_hash).toEqual(expect.any(String));
  } finally {
    await h.close();
  }
});

test('a live index written by an older normaliser is rebuilt by the next scheduled run, in ONE run', async () => {
  const h = await new IndexerHarness({ products: products(5) }).start();
  try {
    expect((await h.run('full')).status).toBe('succeeded');
    const first = Object.keys(await h.es.indices.getAlias({ name: h.names.productsAlias }))[0] as string;
    expect((await h.es.indices.getMapping({ index: first }))[first]?.mappings._meta).toEqual({ normaliser: NORMALISER_VERSION });
    // As an earlier deploy left it: stamped with the previous version.
    await h.es.indices.putMapping({ index: first, _meta: { normaliser: NORMALISER_VERSION - 1 } });

    const report = await h.run('scheduled');
    expect(report.status).toBe('succeeded');
    const live = Object.keys(await h.es.indices.getAlias({ name: h.names.productsAlias }))[0] as string;
    expect(live).not.toBe(first);
    expect((await h.es.indices.getMapping({ index: live }))[live]?.mappings._meta).toEqual({ normaliser: NORMALISER_VERSION });
    expect((await h.indexed()).size).toBe(5);
    // And the run after it leaves the new index alone.
    expect((await h.run('scheduled')).status).toBe('succeeded');
    expect(Object.keys(await h.es.indices.getAlias({ name: h.names.productsAlias }))[0]).toBe(live);
  } finally {
    await h.close();
  }
});
