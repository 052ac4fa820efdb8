/**
 * `npm run eval [-- --products <tsv> --queries <tsv> --labels <tsv> --class-queries <tsv> --json]`
 * (defaults: the repository's data/ files)
 *
 * Indexes the products through the local commerce API and the real indexer
 * into a fresh index, sends every query through the real search route (as a
 * storefront would), and scores the top results against graded judgements:
 * nDCG@10, precision@10, recall@100, and class precision@10 over the
 * class-intent queries (the share of the top 10 of the intended product
 * class: a broad signal beside the 15 graded queries). In the same run it scores a plain
 * baseline: a separate index with Elasticsearch's default analysis and an
 * untuned `multi_match` over name, class and category.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { parseWandsProducts } from '../local/commerce-api/seed.js';
import type { ProductInput } from '../local/commerce-api/catalog.js';
import { startElasticsearch } from '../local/elasticsearch/launcher.js';
import { startStack } from '../local/stack.js';
import { classPrecisionAt, collectJudgements, mean, ndcgAt, precisionAt, recallAt } from './metrics.js';
import { readTsv } from './tsv.js';
import { DATA_FILES } from '../data/files.js';
import { indexNames } from '../common/contract/index-names.js';
import { createLogger } from '../common/logger.js';
import { readLexicon } from '../src/search/lexicon-cache.js';
import { demoSettings } from '../local/demo-settings.js';
import { compareCost, costPair } from './cost.js';
import { readFileSync } from 'node:fs';
import { evaluateClickRanking, readSearchClickRanking } from './click-eval.js';
import { scoreWordForms, type WordFormRow } from './word-forms.js';
import { clickLiftsFor } from '../src/search/click-rescore.js';
import { normalizeText } from '../common/text/normalize.js';

process.env.LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const TENANT = 'eval';
const CLICK_REFRESH_SECONDS = 1;
const say = (message: string) => process.stderr.write(`${message}\n`);

interface QueryScore {
  id: string;
  query: string;
  ndcg10: number;
  baselineNdcg10: number;
  p10: number;
  recall100: number;
  baselineP10: number;
  baselineRecall100: number;
}

async function baselineIndex(es: Client, index: string, products: ProductInput[]): Promise<void> {
  await es.indices.create({
    index,
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: { properties: { name: { type: 'text' }, product_class: { type: 'text' }, category: { type: 'text' } } },
  });
  const result = await es.helpers.bulk({
    datasource: products,
    onDocument: (p) => [{ index: { _index: index, _id: p.id } }, { name: p.name, product_class: p.productClass.join(' | '), category: p.categoryPath.join(' / ') }],
    refreshOnCompletion: index,
  });
  if (result.failed > 0) throw new Error(`baseline index: ${result.failed} documents failed`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      products: { type: 'string', default: DATA_FILES.sampleCatalog },
      queries: { type: 'string', default: DATA_FILES.devQueries },
      labels: { type: 'string', default: DATA_FILES.devLabels },
      'class-queries': { type: 'string', default: DATA_FILES.classIntentQueries },
      'cost-queries': { type: 'string', default: DATA_FILES.shopperQueries },
      json: { type: 'boolean', default: false },
    },
  });
  const products = parseWandsProducts(readFileSync(values.products, 'utf8'));
  const queries = readTsv(values.queries, ['query_id', 'query']);
  const judgements = collectJudgements(
    readTsv(values.labels, ['query_id', 'product_id', 'label']).map((row) => ({
      queryId: row.query_id as string,
      productId: row.product_id as string,
      label: row.label as string,
    })),
  );
  const classQueries = readTsv(values['class-queries'], ['query', 'query_class']).filter((row) => row.query_class);
  say(`eval: ${products.length} products, ${queries.length} queries, ${[...judgements.values()].reduce((n, m) => n + m.size, 0)} judgements`);

  const elasticsearch = await startElasticsearch({ log: (m) => say(`  elasticsearch: ${m}`) });
  const prefix = `eval${randomBytes(4).toString('hex')}`;
  const stack = await startStack({
    tenants: { [TENANT]: { products } },
    elasticsearchEnv: elasticsearch.env,
    indexPrefix: prefix,
    rateLimit: { requests: 100_000, windowMs: 60_000 },
    // The click simulation waits for what each answer recorded to be written (at once, not at the next answer)
    // and for search to read each new click-aware ranking.
    searchEnv: { ANALYTICS_MAX_WAIT_MS: '0', CLICK_RANKING_REFRESH_SECONDS: String(CLICK_REFRESH_SECONDS) },
  });
  const es = stack.indexerEs;
  const baseline = `${prefix}-baseline`;
  try {
    const report = await stack.index(TENANT, 'full');
    if (report.status !== 'succeeded') throw new Error(`indexing failed: ${report.error}`);
    await baselineIndex(es, baseline, products);

    const scores: QueryScore[] = [];
    const searchOurs = async (query: string, size: number) => {
      const response = await fetch(`${stack.searchUrl}/search?q=${encodeURIComponent(query)}&size=${size}`, { headers: { 'x-tenant-id': TENANT } });
      if (!response.ok) throw new Error(`search for "${query}" answered HTTP ${response.status}`);
      return ((await response.json()) as { hits: Array<{ id: string }> }).hits.map((hit) => hit.id);
    };
    const searchPlain = async (query: string, size: number) =>
      (
        await es.search({ index: baseline, size, _source: false, query: { multi_match: { query, fields: ['name', 'product_class', 'category'] } } })
      ).hits.hits.map((hit) => hit._id as string);
    for (const row of queries) {
      const id = row.query_id as string;
      const query = row.query as string;
      const judged = judgements.get(id) ?? new Map<string, number>();
      const ours = await searchOurs(query, 100);
      const plain = await searchPlain(query, 100);
      scores.push({
        id,
        query,
        ndcg10: ndcgAt(ours, judged, 10),
        baselineNdcg10: ndcgAt(plain, judged, 10),
        p10: precisionAt(ours, judged, 10),
        recall100: recallAt(ours, judged, 100),
        baselineP10: precisionAt(plain, judged, 10),
        baselineRecall100: recallAt(plain, judged, 100),
      });
    }

    // The broad signal: is the top of the page of the product class the shopper aimed at?
    const classOf = new Map(products.map((p) => [p.id, p.productClass.join('|')]));
    const classPrecisions = async (rows: ReadonlyArray<Record<string, string>>, search: (query: string, size: number) => Promise<string[]>) => {
      const values: number[] = [];
      for (const row of rows) values.push(classPrecisionAt(await search(row.query as string, 10), classOf, row.query_class as string, 10));
      return values;
    };
    const classScores = { ours: await classPrecisions(classQueries, searchOurs), baseline: await classPrecisions(classQueries, searchPlain) };

    // The same judged and class-intent queries with the demo shop's merchandising on (local/demo-settings.ts, as
    // npm start seeds it: a synonym group, a pin, a hidden product, a redirect): relevance must hold with them.
    await stack.settings.publish(TENANT, demoSettings(products, 'en'), 0, 'eval');
    const live = await waitForSettings(async () => (await fetch(`${stack.searchUrl}/search?q=sale`, { headers: { 'x-tenant-id': TENANT } }).then((r) => r.json())) as { redirect: string | null });
    const withSettings = { ndcg: [] as number[], classP10: [] as number[] };
    if (live) {
      for (const row of queries) withSettings.ndcg.push(ndcgAt(await searchOurs(row.query as string, 100), judgements.get(row.query_id as string) ?? new Map<string, number>(), 10));
      withSettings.classP10.push(...(await classPrecisions(classQueries, searchOurs)));
    }

    // What it costs Elasticsearch: the route's own bodies for the 480 shopper queries (GET /search defaults:
    // 20 hits, every facet) against a plain multi_match with the same facets, on the same index.
    const lexicon = await readLexicon(elasticsearch.url, prefix, TENANT, createLogger('eval'));
    const costPairs = readTsv(values['cost-queries'], ['query']).map((row) => costPair((row.query as string).slice(0, 200), lexicon));
    const cost = await compareCost(elasticsearch.url, indexNames(prefix, TENANT).productsAlias, costPairs, 2, { catalogSize: lexicon.documents });

    // Click-aware ranking, offline: a click spammer, then simulated shoppers replaying the judged queries.
    // Held out: the class-intent queries that read as none of the replayed ones (13 of the 15 judged queries are
    // also class-intent queries; those are replayed, not held out).
    const replayedKeys = new Set(queries.map((row) => normalizeText(row.query as string)));
    const heldOutQueries = classQueries.filter((row) => !replayedKeys.has(normalizeText(row.query as string)));
    const classP10Now = async () => mean(await classPrecisions(heldOutQueries, searchOurs));
    const clicks = await evaluateClickRanking({
      searchUrl: stack.searchUrl,
      es,
      prefix,
      tenant: TENANT,
      replay: queries.map((row) => ({ query: row.query as string, judged: judgements.get(row.query_id as string) ?? new Map<string, number>() })),
      search: searchOurs,
      ndcg: (ranked, judged) => ndcgAt(ranked, judged, 10),
      heldOut: classP10Now,
      refreshMs: CLICK_REFRESH_SECONDS * 1000,
    });

    // What the lifts cost: the replayed queries with their learned lifts, and without, each against plain BM25.
    const learned = await readSearchClickRanking(es, prefix, TENANT);
    const replayed = queries.map((row) => row.query as string);
    const clickCost = {
      lifted: await compareCost(elasticsearch.url, indexNames(prefix, TENANT).productsAlias, replayed.map((q) => costPair(q, lexicon, clickLiftsFor(learned, q, 'en'))), 30, { catalogSize: lexicon.documents }),
      unlifted: await compareCost(elasticsearch.url, indexNames(prefix, TENANT).productsAlias, replayed.map((q) => costPair(q, lexicon)), 30, { catalogSize: lexicon.documents }),
    };

    // Finnish and Swedish word forms from inflection tables: how many the normaliser reads as their lemma.
    const wordForms = (['fi', 'sv'] as const).map((language) => ({
      language,
      score: scoreWordForms(readTsv(DATA_FILES.wordForms[language], ['lemma', 'form', 'class']) as unknown as WordFormRow[], language),
    }));

    const f = (x: number) => x.toFixed(3);
    const classP10 = mean(classScores.ours);
    const baselineClassP10 = mean(classScores.baseline);
    const lines = [
      '| query | nDCG@10 | baseline | P@10 | baseline | R@100 | baseline |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...scores.map((s) => `| ${s.query} | ${f(s.ndcg10)} | ${f(s.baselineNdcg10)} | ${f(s.p10)} | ${f(s.baselineP10)} | ${f(s.recall100)} | ${f(s.baselineRecall100)} |`),
      `| **mean (${scores.length})** | **${f(mean(scores.map((s) => s.ndcg10)))}** | ${f(mean(scores.map((s) => s.baselineNdcg10)))} | **${f(mean(scores.map((s) => s.p10)))}** | ${f(mean(scores.map((s) => s.baselineP10)))} | **${f(mean(scores.map((s) => s.recall100)))}** | ${f(mean(scores.map((s) => s.baselineRecall100)))} |`,
      '',
      `class precision@10 over ${classScores.ours.length} class-intent queries: **${f(classP10)}** (baseline ${f(baselineClassP10)})`,
      '',
      live
        ? `with the demo merchandising settings on: nDCG@10 ${f(mean(withSettings.ndcg))}, class precision@10 ${f(mean(withSettings.classP10))}`
        : 'with the demo merchandising settings on: not measured (the settings were not live within 40 s)',
      '',
      'click-aware ranking, simulated shoppers replaying the judged queries (position-biased clicks from the judgements; eval/click-simulation.ts):',
      '',
      `| sessions per query | nDCG@10 (replayed) | class precision@10 (${heldOutQueries.length} held out) | queries lifted |`,
      '| ---: | ---: | ---: | ---: |',
      ...clicks.steps.map((step) => `| ${step.sessionsPerQuery} | ${f(step.ndcg10)} | ${f(step.heldOutClassP10)} | ${step.liftedQueries} |`),
      '',
      `the replayed queries' Elasticsearch cost with their lifts: ${clickCost.lifted.ratio.tookMean.toFixed(2)}× plain BM25 (took), ${clickCost.unlifted.ratio.tookMean.toFixed(2)}× without them`,
      '',
      `a click spammer (one user token, ${clicks.spam.searches} searches of "${clicks.spam.query}", clicking and buying product ${clicks.spam.productId} each time): position ${clicks.spam.positionBefore} before, ${clicks.spam.positionAfter} after`,
      '',
      ...wordForms.map(
        ({ language, score }) =>
          `${language} word forms read as their lemma: **${((100 * score.passed) / score.total).toFixed(1)}%** of ${score.total} (` +
          [...score.byClass].map(([name, c]) => `${name} ${c.passed}/${c.total}`).join(', ') +
          ')',
      ),
      '',
      `Elasticsearch cost over ${cost.searches} searches (ours / plain BM25 with the same facets): took mean ${cost.ours.tookMean.toFixed(2)} / ${cost.plain.tookMean.toFixed(2)} ms ` +
        `(${cost.ratio.tookMean.toFixed(2)}×), p99 ${cost.ours.tookP99} / ${cost.plain.tookP99} ms; wall mean ${cost.ours.wallMean.toFixed(2)} / ${cost.plain.wallMean.toFixed(2)} ms ` +
        `(${cost.ratio.wallMean.toFixed(2)}×), p99 ${cost.ours.wallP99.toFixed(2)} / ${cost.plain.wallP99.toFixed(2)} ms (${cost.ratio.wallP99.toFixed(2)}×)`,
    ];
    console.log(lines.join('\n'));
    if (values.json) {
      console.log(
        JSON.stringify({
          queries: scores.length,
          ndcg10: mean(scores.map((s) => s.ndcg10)),
          baselineNdcg10: mean(scores.map((s) => s.baselineNdcg10)),
          p10: mean(scores.map((s) => s.p10)),
          recall100: mean(scores.map((s) => s.recall100)),
          baselineP10: mean(scores.map((s) => s.baselineP10)),
          baselineRecall100: mean(scores.map((s) => s.baselineRecall100)),
          classQueries: classScores.ours.length,
          classP10,
          baselineClassP10,
          withDemoSettings: live ? { ndcg10: mean(withSettings.ndcg), classP10: mean(withSettings.classP10) } : null,
          wordForms: Object.fromEntries(wordForms.map(({ language, score }) => [language, { passed: score.passed, total: score.total }])),
          clickRanking: { ...clicks, costRatio: { lifted: clickCost.lifted.ratio.tookMean, unlifted: clickCost.unlifted.ratio.tookMean } },
          cost,
        }),
      );
    }
  } finally {
    const indices = Object.keys(await es.indices.get({ index: `${prefix}-*`, allow_no_indices: true }));
    if (indices.length > 0) await es.indices.delete({ index: indices });
    await stack.close();
    await elasticsearch.stop();
  }
}

/** Polls until the search route applies the published settings (its cache re-reads them within 30 s). */
async function waitForSettings(read: () => Promise<{ redirect: string | null }>): Promise<boolean> {
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline) {
    if ((await read()).redirect !== null) return true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return false;
}

main().catch((error: unknown) => {
  console.error(`eval failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
