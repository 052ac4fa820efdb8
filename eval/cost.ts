/**
 * What our query costs Elasticsearch against a plain BM25 query that
 * computes the same facets, over the same index: our route's requests
 * (search-strategy.ts: one search, or the hits and the total with sampled
 * facets on a large catalog) against the full body with its query replaced by an
 * untuned `multi_match` (no highlighting, which only we do; exact facets).
 * Each pair is sent alternately through the route's own transport on one
 * keep-alive connection, so both see the same cache and load; reported are
 * Elasticsearch's `took` (for ours, summed over every request it makes: the
 * work, not just the wait) and the wall time per search, mean and p99.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { Lexicon } from '../common/text/lexicon.js';
import { NO_SYNONYMS } from '../common/text/synonyms.js';
import { buildSearchBody, type SearchPlan } from '../src/search/search-body.js';
import { planSearch } from '../src/search/search-plan.js';
import { parseSearchParams } from '../src/search/search-request.js';
import { runSearches, type SearchOutcome } from '../src/search/search-strategy.js';
import { ElasticsearchHttp } from '../src/transport/elasticsearch-http.js';
import { DEFAULT_FACET_SAMPLE_SIZE } from '../src/config.js';
import type { ClickLift } from '../common/contract/click-ranking.js';

/** The fields a plain multi_match searches: the name as analysed by default, class and category. */
const PLAIN_FIELDS = ['name', 'class_norm', 'category_norm'];

export function plainBody(ours: estypes.SearchRequest, query: string): estypes.SearchRequest {
  const { highlight: _highlight, suggest: _suggest, rescore: _rescore, query: ourQuery, ...rest } = ours;
  const filter = ourQuery?.bool?.filter ?? [];
  return {
    ...rest,
    // Ours carries a rescore instead of a sort; the plain query keeps the usual score-then-id order.
    sort: [{ _score: { order: 'desc' } }, { id: 'asc' }],
    query: { bool: { must: [query.trim() ? { multi_match: { query, fields: PLAIN_FIELDS } } : { match_all: {} }], filter } },
  };
}

export interface CostPair {
  /** What our route runs for `GET /search?q=<query>` (20 hits, every facet). */
  plan: SearchPlan;
  /** Its plain twin, one body. */
  plain: estypes.SearchRequest;
}

/** `clickLifts`: the query's click-aware lifts, as the route would apply them (none by default). */
export function costPair(query: string, lexicon: Lexicon, clickLifts: readonly ClickLift[] = []): CostPair {
  const plan = { ...planSearch(parseSearchParams(new URLSearchParams({ q: query })), lexicon), clickLifts };
  return { plan, plain: plainBody(buildSearchBody(plan, NO_SYNONYMS), query) };
}

export interface CostFigures {
  /** Milliseconds per search. */
  tookMean: number;
  tookP99: number;
  wallMean: number;
  wallP99: number;
}

export interface CostComparison {
  searches: number;
  ours: CostFigures;
  plain: CostFigures;
  /** ours / plain. */
  ratio: { tookMean: number; tookP99: number; wallMean: number; wallP99: number };
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
};
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

async function timed(run: () => Promise<{ took: number }>): Promise<{ took: number; wallMs: number }> {
  const started = process.hrtime.bigint();
  const { took } = await run();
  return { took, wallMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Sends every pair `passes` times (after one warm-up pass), alternating ours and plain. `catalogSize`: the lexicon's, as the route sees it. */
export async function compareCost(
  elasticsearchUrl: string,
  index: string,
  pairs: readonly CostPair[],
  passes: number,
  catalog: { catalogSize: number; facetSampleSize?: number },
): Promise<CostComparison> {
  const es = new ElasticsearchHttp({ url: elasticsearchUrl, timeoutMs: 60_000, retryAfterSeconds: 1, maxSockets: 1 });
  const strategy = { synonyms: NO_SYNONYMS, catalogSize: catalog.catalogSize, facetSampleSize: catalog.facetSampleSize ?? DEFAULT_FACET_SAMPLE_SIZE };
  const run = {
    ours: async (pair: CostPair) => ((await runSearches(es, index, [{ plan: pair.plan }], strategy))[0] as SearchOutcome).response,
    plain: (pair: CostPair) => es.search(index, pair.plain),
  };
  const samples = { ours: { took: [] as number[], wall: [] as number[] }, plain: { took: [] as number[], wall: [] as number[] } };
  try {
    for (let pass = 0; pass <= passes; pass += 1) {
      for (const [i, pair] of pairs.entries()) {
        // Alternate which goes first, so neither always meets the other's warm caches.
        const order = (i + pass) % 2 === 0 ? (['ours', 'plain'] as const) : (['plain', 'ours'] as const);
        for (const side of order) {
          const { took, wallMs } = await timed(() => run[side](pair));
          if (pass === 0) continue;
          samples[side].took.push(took);
          samples[side].wall.push(wallMs);
        }
      }
    }
  } finally {
    es.close();
  }
  const figures = (side: 'ours' | 'plain'): CostFigures => ({
    tookMean: mean(samples[side].took),
    tookP99: percentile(samples[side].took, 0.99),
    wallMean: mean(samples[side].wall),
    wallP99: percentile(samples[side].wall, 0.99),
  });
  const ours = figures('ours');
  const plain = figures('plain');
  const ratio = (a: number, b: number) => a / Math.max(b, 1e-6);
  return {
    searches: samples.ours.wall.length,
    ours,
    plain,
    ratio: {
      tookMean: ratio(ours.tookMean, plain.tookMean),
      tookP99: ratio(ours.tookP99, plain.tookP99),
      wallMean: ratio(ours.wallMean, plain.wallMean),
      wallP99: ratio(ours.wallP99, plain.wallP99),
    },
  };
}
