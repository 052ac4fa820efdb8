/**
 * "Our code alone": the whole search Lambda handler (routing, tenant,
 * validation, query building, response shaping, JSON, ETag, headers) with
 * Elasticsearch replaced by responses recorded from the real cluster, timed
 * per request with process.hrtime. Logging is off here (its cost depends on
 * where the lines go); everything else is what runs in Lambda.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import pLimit from 'p-limit';
import { createHttpHandler } from '../src/http/app.js';
import { NO_CLICK_RANKING, type ClickRanking } from '../src/analytics/click-ranking-cache.js';
import { normalizeText } from '../common/text/normalize.js';
import type { SearchConfig } from '../src/config.js';
import { createLogger } from '../common/logger.js';
import type { ElasticsearchHttp } from '../src/transport/elasticsearch-http.js';
import type { PairedRequest, RequestKind } from './workload.js';
import type { Lexicon } from '../common/text/lexicon.js';
import { tenantSettings, type TenantSettings } from '../src/merchandising/settings-cache.js';
import { EMPTY_SETTINGS } from '../common/contract/merchandising.js';

export interface CodeTiming {
  kind: RequestKind | 'all';
  count: number;
  /** Microseconds per request. */
  mean: number;
  p50: number;
  p99: number;
}

function event(request: PairedRequest['ours']): APIGatewayProxyEventV2 {
  const url = new URL(request.path, 'http://local');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: request.headers,
    requestContext: { http: { method: request.method, path: url.pathname }, requestId: 'bench' },
    isBase64Encoded: false,
    ...(request.body !== undefined ? { body: request.body } : {}),
  } as unknown as APIGatewayProxyEventV2;
}

async function record(elasticsearchUrl: string, pair: PairedRequest): Promise<unknown> {
  const response = await fetch(`${elasticsearchUrl}${pair.direct.path}`, { method: 'POST', headers: pair.direct.headers, body: pair.direct.body ?? null });
  if (!response.ok) throw new Error(`recording ${pair.direct.path} failed: HTTP ${response.status}`);
  return response.json();
}

export async function timeOurCode(
  config: SearchConfig,
  elasticsearchUrl: string,
  pairs: readonly PairedRequest[],
  passes: number,
  lexicon: Lexicon,
  /** The tenant's merchandising (default: none), as the settings cache would hand it over. */
  settings: TenantSettings = tenantSettings(EMPTY_SETTINGS, 'en'),
  /** The tenant's click-aware ranking (default: none), as its cache would hand it over. */
  clickRanking: ClickRanking = NO_CLICK_RANKING,
): Promise<CodeTiming[]> {
  const limit = pLimit(4); // Elasticsearch's search queue is bounded: don't flood it
  const recorded = await Promise.all(pairs.map((pair) => limit(() => record(elasticsearchUrl, pair))));
  // The route's Elasticsearch calls, answered in order from what the direct request recorded.
  let queue: unknown[] = [];
  const stub = {
    search: async () => queue.shift(),
    msearch: async (_index: string, bodies: readonly unknown[]) => queue.splice(0, bodies.length),
    // Search analytics' writes (src/analytics/recorder.ts): recording is part of the measured cost, the write's answer is not.
    bulk: async () => ({ failed: 0 }),
  } as unknown as ElasticsearchHttp;
  const answers = (recording: unknown) => ((recording as { responses?: unknown[] }).responses ? [...(recording as { responses: unknown[] }).responses] : [recording]);
  const previousLevel = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'SILENT';
  const handler = createHttpHandler({ config, es: stub, logger: createLogger('bench'), lexicons: { get: async () => lexicon }, settings: { get: async () => settings }, clickRankings: { get: async () => clickRanking } });
  process.env.LOG_LEVEL = previousLevel;
  const events = pairs.map((pair) => event(pair.ours));
  const samples = new Map<RequestKind, number[]>();
  for (let pass = 0; pass <= passes; pass += 1) {
    for (let i = 0; i < pairs.length; i += 1) {
      queue = answers(recorded[i]);
      const started = process.hrtime.bigint();
      const response = await handler(events[i] as APIGatewayProxyEventV2);
      const micros = Number(process.hrtime.bigint() - started) / 1000;
      if (response.statusCode !== 200) throw new Error(`${pairs[i]?.ours.path} answered ${response.statusCode}: ${response.body}`);
      if (pass === 0) continue; // warm-up
      const kind = (pairs[i] as PairedRequest).kind;
      samples.set(kind, [...(samples.get(kind) ?? []), micros]);
    }
  }
  const summarise = (kind: CodeTiming['kind'], values: number[]): CodeTiming => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    return { kind, count: values.length, mean: values.reduce((a, b) => a + b, 0) / values.length, p50: at(0.5), p99: at(0.99) };
  };
  return [...[...samples].map(([kind, values]) => summarise(kind, values)), summarise('all', [...samples.values()].flat())];
}

/**
 * A click-aware ranking that lifts 20 products for every query of the workload (more than any real
 * tenant's busiest queries): what looking the lifts up and adding the rescorer costs our code.
 */
export function clickRankingFor(pairs: readonly PairedRequest[]): ClickRanking {
  const queries = new Map<string, Array<[string, number]>>();
  for (const pair of pairs) {
    const url = new URL(pair.ours.path, 'http://bench');
    const text = url.searchParams.get('q') ?? url.searchParams.get('query') ?? '';
    if (text) queries.set(normalizeText(text), Array.from({ length: 20 }, (_, i) => [`lifted-${i}`, 1.05 + (i % 5) * 0.04]));
  }
  return { builtAt: 'bench', queries };
}
