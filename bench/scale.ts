/**
 * Search cost at catalog scale: synthetic catalogs of 10k, 100k and 1M
 * products built from the sample catalog's vocabulary (synthetic-catalog.ts),
 * indexed once with the indexer's own transform and kept between runs (the
 * bench's Elasticsearch keeps its data). For each size and the 480 real
 * shopper queries, side by side:
 *   - Elasticsearch time (`took`) of our route's bodies vs a plain BM25
 *     multi_match with the same facets (eval/cost.ts), mean and p99;
 *   - end-to-end p50 and p99 on one connection: through our search route,
 *     and the plain body sent straight to Elasticsearch;
 *   - Elasticsearch heap in use, and index size on disk per product.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { indexNames, LEXICON_DOCUMENT_ID, type StoredLexicon } from '../common/contract/index-names.js';
import { LEXICON_VERSION, LexiconBuilder, type LexiconData } from '../common/text/lexicon.js';
import { ensureIndex } from '../indexer/sink/ensure-index.js';
import { readIndexDefinition } from '../indexer/sink/mappings.js';
import { forceMergeToOneSegment } from '../indexer/sink/force-merge.js';
import { toAction } from '../indexer/transform/to-document.js';
import type { ProductInput } from '../local/commerce-api/catalog.js';
import { readTsv } from '../eval/tsv.js';
import { compareCost, costPair } from '../eval/cost.js';
import { readLexicon } from '../src/search/lexicon-cache.js';
import { createLogger } from '../common/logger.js';
import { timeSequentially, type SequentialTimings } from './load.js';
import { startSearchProcess } from './search-process.js';
import { SYNTHETIC_CATALOG_VERSION, syntheticCatalog } from './synthetic-catalog.js';

export interface ScaleFigures {
  products: number;
  /** Primary shards of the index searched (shardsFor). */
  shards: number;
  /** Seconds to build the index this run; null when the cached one was reused. */
  indexSeconds: number | null;
  elasticsearchMs: { ours: { mean: number; p99: number }; plain: { mean: number; p99: number }; ratio: { mean: number; p99: number } };
  /** Milliseconds, one connection, sequential. */
  endToEndMs: { ours: { p50: number; p99: number }; plain: { p50: number; p99: number } };
  heapUsedMb: number;
  heapMaxMb: number;
  bytesPerProduct: number;
}

const TENANT = 'demo';
const prefixFor = (size: number) => `benchscale${size}`;
/** Primary shards as the README's sizing advises (INDEX_SHARDS): one per 500k products, so a large catalog's search runs on two cores. */
export const shardsFor = (size: number) => Math.max(1, Math.ceil(size / 500_000));

/** Builds the synthetic index for `size` unless a complete one from this generator is already there. */
async function ensureScaleIndex(es: Client, size: number, templates: readonly ProductInput[], say: (m: string) => void): Promise<number | null> {
  const names = indexNames(prefixFor(size), TENANT);
  const index = `${names.productsAlias}-vsynthetic`;
  const { settings, mappings } = readIndexDefinition('products');
  // A changed mapping or analysis needs a new index, as a deployment's full reindex would build.
  const definition = createHash('sha256').update(JSON.stringify({ settings, mappings })).digest('hex').slice(0, 16);
  const identity = { generator: SYNTHETIC_CATALOG_VERSION, definition, products: size, shards: shardsFor(size) };
  if (await es.indices.exists({ index })) {
    const meta = (await es.indices.getMapping({ index }))[index]?.mappings._meta as (typeof identity & { merged?: boolean }) | undefined;
    const count = (await es.count({ index })).count;
    const sameBuild = meta !== undefined && Object.entries(identity).every(([key, value]) => meta[key as keyof typeof identity] === value);
    const current = sameBuild && meta.merged === true && count === size;
    const live = current && (await es.indices.existsAlias({ name: names.productsAlias, index }));
    if (live) {
      say(`    ${size.toLocaleString('en-US')} products: cached index reused`);
      if (!(await lexiconIsCurrent(es, names.lexiconIndex))) await storeLexicon(es, names.lexiconIndex, index, scaleLexicon(templates, size));
      return null;
    }
    await es.indices.delete({ index });
  }
  say(`    ${size.toLocaleString('en-US')} products: building the index (once; kept for later runs) …`);
  const started = performance.now();
  await es.indices.create({
    index,
    settings: { ...settings, number_of_shards: shardsFor(size), refresh_interval: '-1', number_of_replicas: 0, auto_expand_replicas: 'false' },
    mappings: { ...mappings, _meta: identity },
  });
  const documents = (async function* () {
    for (const product of syntheticCatalog(templates, size)) {
      const action = toAction({ ...product, active: true, dateModified: '2026-01-01T00:00:00.000Z' });
      if (action.kind === 'index') yield action;
    }
  })();
  const result = await es.helpers.bulk<{ id: string; document: object }>({
    datasource: documents,
    concurrency: 2,
    flushBytes: 5 * 1024 * 1024,
    onDocument: (action) => [{ index: { _index: index, _id: action.id } }, action.document],
    refreshOnCompletion: false,
  });
  if (result.failed > 0) throw new Error(`synthetic index ${index}: ${result.failed} documents failed`);
  await es.indices.putSettings({ index, settings: { refresh_interval: '1s' } });
  await es.indices.refresh({ index });
  // As the indexer's full reindex leaves an index before it goes live (IndexLifecycle.finishBuild); recorded once done.
  await forceMergeToOneSegment(es, index);
  await es.indices.putMapping({ index, _meta: { ...identity, merged: true } });
  await es.indices.updateAliases({ actions: [{ add: { index, alias: names.productsAlias } }] });
  await storeLexicon(es, names.lexiconIndex, index, scaleLexicon(templates, size));
  return (performance.now() - started) / 1000;
}

/** The lexicon the indexer would build from the synthetic catalog (it is deterministic: generated again, not read back). */
function scaleLexicon(templates: readonly ProductInput[], size: number): LexiconData {
  const lexicon = new LexiconBuilder();
  for (const product of syntheticCatalog(templates, size)) {
    lexicon.add({ name: product.name, productClass: product.productClass, category: product.categoryPath.at(-1) ?? null, brand: product.brand, categoryPath: product.categoryPath });
  }
  return lexicon.build();
}

async function lexiconIsCurrent(es: Client, lexiconIndex: string): Promise<boolean> {
  const stored = await es.get<StoredLexicon>({ index: lexiconIndex, id: LEXICON_DOCUMENT_ID }, { ignore: [404] });
  return stored.found && stored._source?.lexicon.version === LEXICON_VERSION;
}

async function storeLexicon(es: Client, lexiconIndex: string, sourceIndex: string, lexicon: LexiconData): Promise<void> {
  await ensureIndex(es, lexiconIndex, 'lexicon');
  const stored: StoredLexicon = { built_at: new Date().toISOString(), source_index: sourceIndex, lexicon };
  await es.index({ index: lexiconIndex, id: LEXICON_DOCUMENT_ID, document: stored, refresh: true });
}

async function heap(es: Client): Promise<{ usedMb: number; maxMb: number }> {
  const stats = await es.nodes.stats({ metric: ['jvm'] });
  const nodes = Object.values(stats.nodes);
  const sum = (pick: (node: (typeof nodes)[number]) => number | undefined) => nodes.reduce((total, node) => total + (pick(node) ?? 0), 0);
  return { usedMb: sum((n) => n.jvm?.mem?.heap_used_in_bytes) / 2 ** 20, maxMb: sum((n) => n.jvm?.mem?.heap_max_in_bytes) / 2 ** 20 };
}

const ms = (timings: SequentialTimings) => ({ p50: timings.p50 / 1000, p99: timings.p99 / 1000 });

export async function benchScale(
  es: Client,
  elasticsearchEnv: Record<string, string>,
  templates: readonly ProductInput[],
  queriesPath: string,
  sizes: readonly number[],
  say: (m: string) => void,
): Promise<ScaleFigures[]> {
  const queries = readTsv(queriesPath, ['query']).map((row) => (row.query as string).slice(0, 200));
  const elasticsearchUrl = elasticsearchEnv.ELASTICSEARCH_URL as string;
  const figures: ScaleFigures[] = [];
  for (const size of sizes) {
    const indexSeconds = await ensureScaleIndex(es, size, templates, say);
    const names = indexNames(prefixFor(size), TENANT);
    const lexicon = await readLexicon(elasticsearchUrl, prefixFor(size), TENANT, createLogger('bench-scale'));
    const pairs = queries.map((query) => costPair(query, lexicon));
    // No shard request cache while measuring: our facet requests (size 0) would be answered from it
    // on the repeated passes, which the plain body (size 20) never is. In production it does help repeated queries.
    await es.indices.putSettings({ index: names.productsAlias, settings: { 'index.requests.cache.enable': false } });
    say(`    ${size.toLocaleString('en-US')} products: Elasticsearch time, ours vs plain BM25 …`);
    const cost = await compareCost(elasticsearchUrl, names.productsAlias, pairs, 2, { catalogSize: lexicon.documents });
    say(`    ${size.toLocaleString('en-US')} products: end to end on one connection …`);
    const search = await startSearchProcess({ ...elasticsearchEnv, INDEX_PREFIX: prefixFor(size), SEARCH_TENANTS: TENANT });
    try {
      const ours = queries.map((query) => ({ method: 'GET' as const, path: `/search?${new URLSearchParams({ q: query })}`, headers: { 'x-tenant-id': TENANT } }));
      const plain = pairs.map((pair) => ({
        method: 'POST' as const,
        path: `/${names.productsAlias}/_search`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(pair.plain),
      }));
      await timeSequentially(search.url, ours, queries.length); // warm-up: the lexicon load, caches
      const oursTimings = await timeSequentially(search.url, ours, queries.length * 2);
      const plainTimings = await timeSequentially(elasticsearchUrl, plain, queries.length * 2);
      if (oursTimings.errors > 0 || plainTimings.errors > 0) throw new Error(`errors at ${size} products: ours ${oursTimings.errors}, plain ${plainTimings.errors}`);
      const store = await es.indices.stats({ index: names.productsAlias, metric: ['store', 'docs'] });
      const primaries = store._all.primaries;
      const memory = await heap(es);
      figures.push({
        products: size,
        shards: shardsFor(size),
        indexSeconds,
        elasticsearchMs: {
          ours: { mean: cost.ours.tookMean, p99: cost.ours.tookP99 },
          plain: { mean: cost.plain.tookMean, p99: cost.plain.tookP99 },
          ratio: { mean: cost.ratio.tookMean, p99: cost.ratio.tookP99 },
        },
        endToEndMs: { ours: ms(oursTimings), plain: ms(plainTimings) },
        heapUsedMb: memory.usedMb,
        heapMaxMb: memory.maxMb,
        bytesPerProduct: (primaries?.store?.size_in_bytes ?? 0) / Math.max(1, primaries?.docs?.count ?? 1),
      });
    } finally {
      search.child.kill('SIGTERM');
    }
  }
  return figures;
}
