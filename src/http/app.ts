/**
 * The search API as one API Gateway (HTTP API, payload v2) handler, composed
 * of small named steps: read the request, answer preflight and health, select
 * the route, resolve the tenant, run the route, turn its result into a
 * cacheable response (conditional.ts) or its error into the documented error
 * body (responses.ts), add CORS and Vary (cors.ts), and log one structured
 * line per request (never secrets or bodies).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { indexNames } from '../../common/contract/index-names.js';
import type { SearchConfig } from '../config.js';
import { ElasticsearchHttp } from '../transport/elasticsearch-http.js';
import { LexiconCache, type LexiconSource } from '../search/lexicon-cache.js';
import { SettingsCache, type SettingsSource } from '../merchandising/settings-cache.js';
import { resultResponse } from './conditional.js';
import { corsHeaders, preflightResponse, varyHeader } from './cors.js';
import { errorResponse, jsonResponse } from './responses.js';
import { selectRoute } from './router.js';
import { algoliaQueryParameter, resolveTenant } from './tenant.js';
import { checkHealth } from './health.js';
import { ForbiddenError, MethodNotAllowedError, ServiceUnavailableError } from '../errors.js';
import { authorizeSearch } from '../auth/search-keys.js';
import { AnalyticsRecorder } from '../analytics/recorder.js';
import { tenantSettings as settingsFor } from '../merchandising/settings-cache.js';
import { EMPTY_LEXICON } from '../../common/text/lexicon.js';
import { EMPTY_SETTINGS } from '../../common/contract/merchandising.js';
import { toSearchRecord } from '../analytics/search-facts.js';
import { factsOf, type AnswerFacts } from './answer-facts.js';
import { querySuggestionsIndex } from '../../common/contract/analytics.js';
import { untilAborted } from '../search/until-aborted.js';
import { ClickRankingCache, NO_CLICK_RANKING, type ClickRankingSource } from '../analytics/click-ranking-cache.js';

/** What a route that runs no search gets instead of the tenant's lexicon and settings. */
const NO_SETTINGS = settingsFor(EMPTY_SETTINGS, 'en');

export interface AppDeps {
  config: SearchConfig;
  es: ElasticsearchHttp;
  logger: Logger;
  /** Default: read from `es`, cached per tenant. */
  lexicons?: LexiconSource;
  /** The merchants' settings; default: read from `es`, cached per tenant for 30 s. */
  settings?: SettingsSource;
  /** Search analytics; default: written to `es` in the background (config.analytics). */
  recorder?: AnalyticsRecorder;
  /** Click-aware ranking; default: read from `es`, checked per tenant every CLICK_RANKING_REFRESH_SECONDS. */
  clickRankings?: ClickRankingSource;
}

/** What every step needs to know about the incoming request. */
interface IncomingRequest {
  requestId: string;
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  query: URLSearchParams;
  body: string | undefined;
}

function readRequest(event: APIGatewayProxyEventV2): IncomingRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    requestId: event.requestContext?.requestId ?? headers['x-request-id'] ?? 'local',
    method: (event.requestContext?.http?.method ?? 'GET').toUpperCase(),
    path: event.rawPath ?? '/',
    headers,
    query: new URLSearchParams(event.rawQueryString ?? ''),
    body: event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body,
  };
}

/** `work`, or ServiceUnavailableError as soon as the request's budget is spent (its calls are aborted by the same signal). */
function withinBudget<T>(work: Promise<T>, budget: AbortSignal, config: SearchConfig): Promise<T> {
  return untilAborted(work, budget, () => new ServiceUnavailableError(`the request's ${config.timeoutMs} ms budget was spent`, config.retryAfterSeconds));
}

/** The search handler as deployed: the Elasticsearch transport built from the config's timeout and retry hint. */
export function createSearchHandler(config: SearchConfig, logger: Logger) {
  const es = new ElasticsearchHttp({ ...config.elasticsearch, timeoutMs: config.timeoutMs, retryAfterSeconds: config.retryAfterSeconds });
  return createHttpHandler({ config, es, logger });
}

export function createHttpHandler(deps: AppDeps) {
  const { config, es, logger } = deps;
  const vary = varyHeader(config);
  const lexicons = deps.lexicons ?? new LexiconCache(es, config.indexPrefix, logger, undefined, undefined, undefined, config.lexiconMaxWords);
  const settings = deps.settings ?? new SettingsCache(es, config.indexPrefix, config, logger);
  const clickRankings = deps.clickRankings ?? new ClickRankingCache(es, config.indexPrefix, logger, config.clickRankingRefreshMs);
  const recorder = config.analytics
    ? (deps.recorder ?? new AnalyticsRecorder((ndjson) => es.bulk(ndjson), config.indexPrefix, logger, config.analytics))
    : undefined;

  /** Queues what the answer says about its searches and events (src/analytics/recorder.ts): no waiting, no round trip. */
  function recordAnalytics(tenant: string, facts: AnswerFacts, latencyMs: number): void {
    if (!recorder) return;
    const now = Date.now();
    for (const search of facts.searches) recorder.record('searches', toSearchRecord(tenant, search, latencyMs, now));
    for (const event of facts.events) recorder.record('events', event);
  }

  /** Ignored parameters already logged by this container: once each, so a storefront's every request does not repeat it. */
  const loggedIgnored = new Set<string>();

  /** The answer to one request, and the tenant it was for; throws the errors responses.ts maps. */
  async function answer(request: IncomingRequest, budget: AbortSignal): Promise<{ response: APIGatewayProxyStructuredResultV2; tenant?: string }> {
    if (request.method === 'OPTIONS') return { response: preflightResponse() };
    if (request.path === '/health') {
      if (request.method !== 'GET' && request.method !== 'HEAD') throw new MethodNotAllowedError(['GET', 'HEAD', 'OPTIONS']);
      // One tenant (X-Tenant-Id) or, without one, every tenant this deployment serves.
      const tenant = request.headers['x-tenant-id'] ? resolveTenant(config, { headers: request.headers, query: request.query, allowAlgoliaApplicationId: false }) : undefined;
      const health = await checkHealth(es, config.indexPrefix, tenant ? [tenant] : [...config.tenants], budget);
      return { response: jsonResponse(health.status === 'ok' ? 200 : 503, health, { 'cache-control': 'no-store' }), ...(tenant ? { tenant } : {}) };
    }
    const route = selectRoute(request.method, request.path);
    const tenant = resolveTenant(config, { headers: request.headers, query: request.query, allowAlgoliaApplicationId: route.algoliaTenant });
    // A tenant with search keys answers only with one (src/auth/search-keys.ts); the others stay open.
    const access = authorizeSearch(request.headers['x-algolia-api-key'] ?? algoliaQueryParameter(request.query, 'x-algolia-api-key'), config.searchKeys.get(tenant));
    if (!access.ok) throw new ForbiddenError(access.message);
    const [lexicon, tenantSettings, clickRanking] =
      route.searches === false
        ? [EMPTY_LEXICON, NO_SETTINGS, NO_CLICK_RANKING]
        : await Promise.all([lexicons.get(tenant, budget), settings.get(tenant, budget), clickRankings.get(tenant, budget)]);
    const routeStarted = performance.now();
    const result = await route.run({
      tenant,
      index: indexNames(config.indexPrefix, tenant).productsAlias,
      querySuggestionsIndex: querySuggestionsIndex(config.indexPrefix, tenant),
      es,
      synonyms: tenantSettings.synonyms,
      merchandising: tenantSettings.rules,
      lexicon,
      language: config.languages.get(tenant) ?? 'en',
      facetSampleSize: config.facetSampleSize,
      query: request.query,
      body: request.body,
      signal: budget,
      keyRestrictions: access.restrictions,
      clickRanking,
    });
    const facts = factsOf(result);
    recordAnalytics(tenant, facts, performance.now() - routeStarted);
    const ignored = facts.ignoredParameters;
    for (const parameter of ignored) {
      if (loggedIgnored.has(parameter) || loggedIgnored.size > 500) continue;
      loggedIgnored.add(parameter);
      logger.warn('a request used a search parameter we do not honour; its results say so in `message` (docs/algolia-compatibility.md)', { parameter });
    }
    const response = resultResponse(result, {
      cacheable: route.cacheable,
      cache: config.cache,
      ifNoneMatch: request.headers['if-none-match'],
      headOnly: request.method === 'HEAD',
    });
    if (ignored.length > 0) response.headers = { ...response.headers, 'x-ignored-parameters': ignored.join(', ') };
    return { response, tenant };
  }

  return async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const started = performance.now();
    const request = readRequest(event);
    let response: APIGatewayProxyStructuredResultV2;
    let tenant: string | undefined;
    let failure: unknown;
    try {
      // One budget per request (SEARCH_TIMEOUT_MS) across every Elasticsearch call, retries included: when it
      // is spent, in-flight calls are aborted and the caller gets our 503 with Retry-After, whatever was slow.
      const budget = AbortSignal.timeout(config.timeoutMs);
      ({ response, tenant } = await withinBudget(answer(request, budget), budget, config));
    } catch (error) {
      const mapped = errorResponse(error, request.requestId);
      response = mapped.response;
      if (mapped.unexpected || response.statusCode === 503) failure = error;
    }
    response.headers = { ...response.headers, ...corsHeaders(config.corsOrigins, request.headers.origin), vary, 'x-request-id': request.requestId };
    // HEAD answers carry the headers of the GET answer, never a body (errors included).
    if (request.method === 'HEAD' && response.body) response.body = '';
    const line = {
      requestId: request.requestId,
      method: request.method,
      path: request.path,
      tenant,
      status: response.statusCode,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    };
    if (failure) logger.error('request failed', { ...line, error: failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure) });
    else logger.info('request', line);
    // A write of what is queued starts now when one is due, and nobody waits for it (src/analytics/recorder.ts).
    recorder?.afterResponse();
    return response;
  };
}
