/**
 * A deploy that adds a field to the product mapping meets indices an earlier
 * deploy created: the mapping is strict, so the run adds the missing fields
 * before it writes, and nothing is refused.
 */
import { readIndexDefinition } from '../../../indexer/sink/mappings.js';
import { IndexerHarness, products } from '../../support/indexer-harness.js';

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
