/**
 * `npm run eval -- --products <tsv> --queries <tsv> --labels <tsv> [--json]`
 *
 * Indexes the products through the local commerce API and the real indexer
 * into a fresh index, sends every query through the real search route (as a
 * storefront would), and scores the top results against graded judgements:
 * nDCG@10, precision@10, recall@100. In the same run it scores a plain
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
import { collectJudgements, mean, ndcgAt, precisionAt, recallAt } from './metrics.js';
import { readTsv } from './tsv.js';
import { readFileSync } from 'node:fs';

process.env.LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const TENANT = 'eval';
const SHARED = new URL('../../shared/data/wands-subset/', import.meta.url).pathname;
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
      products: { type: 'string', default: `${SHARED}products.tsv` },
      queries: { type: 'string', default: `${SHARED}dev-queries.tsv` },
      labels: { type: 'string', default: `${SHARED}dev-labels.tsv` },
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
  say(`eval: ${products.length} products, ${queries.length} queries, ${[...judgements.values()].reduce((n, m) => n + m.size, 0)} judgements`);

  const elasticsearch = await startElasticsearch({ log: (m) => say(`  elasticsearch: ${m}`) });
  const prefix = `eval${randomBytes(4).toString('hex')}`;
  const stack = await startStack({
    tenants: { [TENANT]: { products } },
    elasticsearchEnv: elasticsearch.env,
    indexPrefix: prefix,
    rateLimit: { requests: 100_000, windowMs: 60_000 },
  });
  const es = stack.indexerEs;
  const baseline = `${prefix}-baseline`;
  try {
    const report = await stack.index(TENANT, 'full');
    if (report.status !== 'succeeded') throw new Error(`indexing failed: ${report.error}`);
    await baselineIndex(es, baseline, products);

    const scores: QueryScore[] = [];
    for (const row of queries) {
      const id = row.query_id as string;
      const query = row.query as string;
      const judged = judgements.get(id) ?? new Map<string, number>();
      const response = await fetch(`${stack.searchUrl}/search?q=${encodeURIComponent(query)}&size=100`, { headers: { 'x-tenant-id': TENANT } });
      if (!response.ok) throw new Error(`search for "${query}" answered HTTP ${response.status}`);
      const ours = ((await response.json()) as { hits: Array<{ id: string }> }).hits.map((hit) => hit.id);
      const plain = (
        await es.search({ index: baseline, size: 100, _source: false, query: { multi_match: { query, fields: ['name', 'product_class', 'category'] } } })
      ).hits.hits.map((hit) => hit._id as string);
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

    const f = (x: number) => x.toFixed(3);
    const lines = [
      '| query | nDCG@10 | baseline | P@10 | baseline | R@100 | baseline |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...scores.map((s) => `| ${s.query} | ${f(s.ndcg10)} | ${f(s.baselineNdcg10)} | ${f(s.p10)} | ${f(s.baselineP10)} | ${f(s.recall100)} | ${f(s.baselineRecall100)} |`),
      `| **mean (${scores.length})** | **${f(mean(scores.map((s) => s.ndcg10)))}** | ${f(mean(scores.map((s) => s.baselineNdcg10)))} | **${f(mean(scores.map((s) => s.p10)))}** | ${f(mean(scores.map((s) => s.baselineP10)))} | **${f(mean(scores.map((s) => s.recall100)))}** | ${f(mean(scores.map((s) => s.baselineRecall100)))} |`,
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

main().catch((error: unknown) => {
  console.error(`eval failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
