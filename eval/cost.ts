/**
 * What our query costs Elasticsearch against a plain BM25 query that
 * computes the same facets, over the same index: the same search body with
 * its query replaced by an untuned `multi_match` (and no highlighting, which
 * only we do). Each pair is sent alternately on one keep-alive connection,
 * so both see the same cache and load; reported are Elasticsearch's own
 * `took` and the wall time per request, mean and p99.
 */
import http from 'node:http';
import type { estypes } from '@elastic/elasticsearch';
import type { Lexicon } from '../common/text/lexicon.js';
import { NO_SYNONYMS } from '../common/text/synonyms.js';
import { buildSearchBody } from '../src/search/search-body.js';
import { planSearch } from '../src/search/search-plan.js';
import { parseSearchParams } from '../src/search/search-request.js';

/** The fields a plain multi_match searches: the name as analysed by default, class and category. */
const PLAIN_FIELDS = ['name', 'class_norm', 'category_norm'];

export function plainBody(ours: estypes.SearchRequest, query: string): estypes.SearchRequest {
  const { highlight: _highlight, suggest: _suggest, query: ourQuery, ...rest } = ours;
  const filter = ourQuery?.bool?.filter ?? [];
  return {
    ...rest,
    query: { bool: { must: [query.trim() ? { multi_match: { query, fields: PLAIN_FIELDS } } : { match_all: {} }], filter } },
  };
}

/** The body our route sends for `GET /search?q=<query>` (20 hits, every facet), and its plain twin. */
export function costPair(query: string, lexicon: Lexicon): { ours: estypes.SearchRequest; plain: estypes.SearchRequest } {
  const ours = buildSearchBody(planSearch(parseSearchParams(new URLSearchParams({ q: query })), lexicon), NO_SYNONYMS);
  return { ours, plain: plainBody(ours, query) };
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

async function timedSearch(agent: http.Agent, url: URL, index: string, body: string): Promise<{ took: number; wallMs: number }> {
  const started = process.hrtime.bigint();
  const text = await new Promise<string>((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: `/${index}/_search`, method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => (response.statusCode === 200 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`HTTP ${response.statusCode}`))));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { took: (JSON.parse(text) as { took: number }).took, wallMs };
}

/** Sends every pair `passes` times (after one warm-up pass), alternating ours and plain. */
export async function compareCost(
  elasticsearchUrl: string,
  index: string,
  pairs: ReadonlyArray<{ ours: estypes.SearchRequest; plain: estypes.SearchRequest }>,
  passes: number,
): Promise<CostComparison> {
  const url = new URL(elasticsearchUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const bodies = pairs.map((pair) => ({ ours: JSON.stringify(pair.ours), plain: JSON.stringify(pair.plain) }));
  const samples = { ours: { took: [] as number[], wall: [] as number[] }, plain: { took: [] as number[], wall: [] as number[] } };
  try {
    for (let pass = 0; pass <= passes; pass += 1) {
      for (const [i, body] of bodies.entries()) {
        // Alternate which goes first, so neither always meets the other's warm caches.
        const order = (i + pass) % 2 === 0 ? (['ours', 'plain'] as const) : (['plain', 'ours'] as const);
        for (const side of order) {
          const { took, wallMs } = await timedSearch(agent, url, index, body[side]);
          if (pass === 0) continue;
          samples[side].took.push(took);
          samples[side].wall.push(wallMs);
        }
      }
    }
  } finally {
    agent.destroy();
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
