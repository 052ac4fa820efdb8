/**
 * `npm run bench [-- --quick]`: starts what it needs (like npm start), then
 * measures, side by side in one run:
 *   - the search path (our HTTP route) vs the same Elasticsearch requests sent
 *     directly, with autocannon at 1, 8, 32 and 64 connections, plus a
 *     sequential high-resolution timing;
 *   - our code alone (the handler with recorded Elasticsearch answers);
 *   - a merchant's settings (200 rules, 500 synonyms) vs none: Elasticsearch
 *     time and our code's;
 *   - cold start (bundle, zip and module init) vs the bare official client;
 *   - the indexer vs raw bulk ingest, and under the rate limit;
 *   - the indexer's safety nets at 1M products (20k quick) under the rate
 *     limit time-scaled: full reindex, reconciliation, and both with churn;
 *   - taking in a sync's vocabulary changes vs rebuilding the lexicon;
 *   - (full mode) a 60 s soak at 64 connections.
 * Writes bench/results/latest.md, latest.json and SVG plots. `--url` and
 * `--tenant` point the search-path load at a deployed stage instead.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadWandsProducts } from '../local/commerce-api/seed.js';
import { startElasticsearch, ELASTICSEARCH_VERSION } from '../local/elasticsearch/launcher.js';
import { startStack } from '../local/stack.js';
import { loadSearchConfig } from '../src/config.js';
import { clickRankingFor, timeOurCode } from './code-only.js';
import { measureColdStart } from './cold-start.js';
import { benchIndexer } from './indexer.js';
import { benchIndexerScale } from './indexer-scale.js';
import { benchAnalytics } from './analytics.js';
import { benchMerchandising } from './merchandising.js';
import { readTsv } from '../eval/tsv.js';
import { runLoad, timeSequentially, type LoadResult } from './load.js';
import { evaluateTargets, latencyPlot, scalePlot, throughputPlot, toMarkdown, type BenchResults } from './report.js';
import { benchScale } from './scale.js';
import { benchLexiconUpdates } from './lexicon-updates.js';
import { buildWorkload } from './workload.js';
import { startSearchProcess } from './search-process.js';
import { readLexicon } from '../src/search/lexicon-cache.js';
import { createLogger } from '../common/logger.js';
import { DATA_FILES } from '../data/files.js';
import { indexNames } from '../common/contract/index-names.js';

process.env.LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const say = (message: string) => process.stderr.write(`${message}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      products: { type: 'string', default: DATA_FILES.sampleCatalog },
      queries: { type: 'string', default: DATA_FILES.shopperQueries },
      url: { type: 'string' },
      tenant: { type: 'string', default: 'demo' },
    },
  });
  const quick = values.quick;
  const duration = quick ? 3 : 10;
  if (values.url) return benchDeployedStage(values.url, values.tenant, values.queries, duration);
  const started = Date.now();
  say(`bench (${quick ? 'quick' : 'full'}): starting Elasticsearch …`);
  // Data kept between runs: the scale section's synthetic indices are built once.
  const elasticsearch = await startElasticsearch({ persistentData: 'bench', heap: '2g', log: (m) => say(`  elasticsearch: ${m}`) });
  const prefix = `bench${Date.now().toString(36)}`;
  const products = loadWandsProducts(values.products);
  const stack = await startStack({
    tenants: { demo: { products } },
    elasticsearchEnv: elasticsearch.env,
    indexPrefix: prefix,
    rateLimit: { requests: 100_000, windowMs: 60_000 },
  });
  let server: ChildProcess | undefined;
  try {
    const indexed = await stack.index('demo', 'full');
    if (indexed.status !== 'succeeded') throw new Error(`indexing failed: ${indexed.error}`);
    const alias = indexNames(prefix, 'demo').productsAlias;
    const searchEnv = { ...elasticsearch.env, INDEX_PREFIX: prefix, SEARCH_TENANTS: 'demo' };
    const search = await startSearchProcess(searchEnv);
    server = search.child;
    const lexicon = await readLexicon(elasticsearch.url, prefix, 'demo', createLogger('bench'));
    const pairs = buildWorkload(values.queries, alias, 'demo', lexicon);
    const ours = pairs.map((p) => p.ours);
    const direct = pairs.map((p) => p.direct);
    const byKind: Record<string, number> = {};
    for (const p of pairs) byKind[p.kind] = (byKind[p.kind] ?? 0) + 1;
    say(`  workload: ${pairs.length} requests (${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')})`);

    say('  warming up both paths …');
    await timeSequentially(elasticsearch.url, direct, pairs.length);
    await timeSequentially(search.url, ours, pairs.length);

    const levels: BenchResults['search'] = [];
    for (const connections of [1, 8, 32, 64]) {
      say(`  load: ${connections} connections, ${duration} s each, direct then ours …`);
      const directResult = await runLoad(elasticsearch.url, direct, connections, duration);
      const oursResult = await runLoad(search.url, ours, connections, duration);
      levels.push({
        connections,
        direct: directResult,
        ours: oursResult,
        ratios: {
          p99: oursResult.p99 / Math.max(directResult.p99, 1),
          requestsPerSecond: oursResult.requestsPerSecond / Math.max(directResult.requestsPerSecond, 1),
        },
      });
    }
    say('  sequential high-resolution timing …');
    const sequentialCount = quick ? 400 : 1500;
    const seqDirect = await timeSequentially(elasticsearch.url, direct, sequentialCount);
    const seqOurs = await timeSequentially(search.url, ours, sequentialCount);

    say('  our code alone …');
    const config = loadSearchConfig(searchEnv);
    const ourCode = await timeOurCode(config, elasticsearch.url, pairs, quick ? 3 : 10, lexicon);
    say('  our code with click-aware lifts on every query …');
    const ourCodeWithClicks = await timeOurCode(config, elasticsearch.url, pairs, quick ? 3 : 10, lexicon, undefined, clickRankingFor(pairs));

    say('  merchandising: 200 rules and 500 synonyms vs none …');
    const merchandising = await benchMerchandising({
      elasticsearchUrl: elasticsearch.url,
      alias,
      queries: readTsv(values.queries, ['query']).map((row) => (row.query as string).slice(0, 200)),
      products,
      lexicon,
      config,
      pairs,
      passes: quick ? 3 : 10,
    });

    say('  cold start …');
    const coldStart = await measureColdStart(quick ? 7 : 21);

    const indexer = await benchIndexer(elasticsearch.env, quick ? 20_000 : 100_000, say);
    const indexerScale = await benchIndexerScale(elasticsearch.env, quick ? 20_000 : 1_000_000, say);

    say('  search cost at catalog scale …');
    const scaleSizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
    const scale = await benchScale(stack.indexerEs, elasticsearch.env, products, values.queries, scaleSizes, say);

    say('  search analytics: Insights events ingested, storage per million searches …');
    const analytics = await benchAnalytics({
      searchUrl: search.url,
      es: stack.indexerEs,
      prefix,
      tenant: 'demo',
      queries: readTsv(values.queries, ['query']).map((row) => row.query as string),
      seconds: quick ? 5 : 15,
    });

    say('  lexicon updates: a sync\'s delta vs a full lexicon build …');
    const lexiconUpdates = benchLexiconUpdates(products);

    let soak: LoadResult[] | null = null;
    if (!quick) {
      say('  soak: 60 s at 64 connections through our route …');
      soak = [];
      for (let window = 0; window < 6; window += 1) soak.push(await runLoad(search.url, ours, 64, 10));
    }

    const partial: Omit<BenchResults, 'targets'> = {
      generatedAt: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, elasticsearch: ELASTICSEARCH_VERSION },
      workload: { requests: pairs.length, byKind, products: products.length },
      search: levels,
      sequential: {
        ours: seqOurs,
        direct: seqDirect,
        overheadMicros: { p50: seqOurs.p50 - seqDirect.p50, p99: seqOurs.p99 - seqDirect.p99 },
      },
      ourCode,
      ourCodeWithClicks,
      coldStart,
      indexer,
      indexerScale,
      soak,
      scale,
      lexiconUpdates,
      merchandising,
      analytics,
    };
    const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
    const markdown = toMarkdown(results);
    mkdirSync(RESULTS, { recursive: true });
    const name = quick ? 'latest-quick' : 'latest';
    writeFileSync(`${RESULTS}${name}.md`, markdown);
    writeFileSync(`${RESULTS}${name}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${RESULTS}${name}-throughput.svg`, throughputPlot(results));
    writeFileSync(`${RESULTS}${name}-latency.svg`, latencyPlot(results));
    writeFileSync(`${RESULTS}${name}-scale.svg`, scalePlot(results));
    console.log(markdown);
    say(`bench done in ${((Date.now() - started) / 1000).toFixed(0)} s; report in bench/results/${name}.md`);
  } finally {
    server?.kill('SIGTERM');
    const indices = Object.keys(await stack.indexerEs.indices.get({ index: `${prefix}*`, allow_no_indices: true }));
    if (indices.length > 0) await stack.indexerEs.indices.delete({ index: indices });
    await stack.close();
    await elasticsearch.stop();
  }
}

/** `--url`: the search-path load against a deployed stage (no direct floor: the cluster is not reachable from here). */
async function benchDeployedStage(url: string, tenant: string, queries: string, duration: number): Promise<void> {
  const ours = buildWorkload(queries, 'unused', tenant).map((pair) => pair.ours);
  const lines = ['| connections | req/s | p50 ms | p97.5 ms | p99 ms | errors |', '| ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const connections of [1, 8, 32, 64]) {
    say(`  load: ${connections} connections against ${url} …`);
    const r = await runLoad(url, ours, connections, duration);
    lines.push(`| ${connections} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50} | ${r.p97_5} | ${r.p99} | ${r.errors} |`);
  }
  const sequential = await timeSequentially(url, ours, 200);
  lines.push('', `Sequential: p50 ${(sequential.p50 / 1000).toFixed(2)} ms, p99 ${(sequential.p99 / 1000).toFixed(2)} ms, errors ${sequential.errors}.`);
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
