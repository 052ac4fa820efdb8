/**
 * The search API as one API Gateway (HTTP API, payload v2) handler: route,
 * resolve the tenant, run the route, and turn its result or error into a
 * response with CORS, CDN cache headers and ETag/304. Logs one structured
 * line per request with a correlation id; never logs secrets or bodies.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SearchConfig } from '../config.js';
import { MethodNotAllowedError, NotFoundError } from '../shared/errors.js';
import { NO_SYNONYMS } from '../text/synonyms.js';
import { ElasticsearchHttp } from '../transport/elasticsearch-http.js';
import { cacheControl, errorResponse, etagOf, jsonResponse, matchesEtag, type Headers } from './responses.js';
import { instantSearchRoute, searchRoute, suggestRoute, type RouteContext } from './routes.js';
import { resolveTenant } from './tenant.js';

export interface AppDeps {
  config: SearchConfig;
  es: ElasticsearchHttp;
  logger: Logger;
}

interface RouteDefinition {
  method: 'GET' | 'POST';
  run: (ctx: RouteContext) => Promise<unknown>;
  /** GET answers may be cached by the CDN; InstantSearch's POST may not. */
  cacheable: boolean;
  algoliaTenant: boolean;
}

const ROUTES: Array<{ match: (path: string) => boolean; route: RouteDefinition }> = [
  { match: (path) => path === '/search', route: { method: 'GET', run: searchRoute, cacheable: true, algoliaTenant: false } },
  { match: (path) => path === '/suggest', route: { method: 'GET', run: suggestRoute, cacheable: true, algoliaTenant: false } },
  {
    match: (path) => /^\/1\/indexes\/[^/]+\/queries$/.test(path),
    route: { method: 'POST', run: instantSearchRoute, cacheable: false, algoliaTenant: true },
  },
];

const TIMING_FIELDS = /"(?:elasticsearchTimeMs|processingTimeMS)":\d+/g;

const ALLOWED_HEADERS = 'content-type, x-tenant-id, x-algolia-application-id, x-algolia-api-key, x-algolia-agent, if-none-match';

function lowerCaseHeaders(headers: APIGatewayProxyEventV2['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

function corsHeaders(config: SearchConfig, origin: string | undefined): Headers {
  if (config.corsOrigins === '*') return { 'access-control-allow-origin': '*' };
  if (origin && config.corsOrigins.has(origin)) return { 'access-control-allow-origin': origin, vary: 'Origin' };
  return {};
}

/** The search handler as deployed: the Elasticsearch transport built from the config's timeout and retry hint. */
export function createSearchHandler(config: SearchConfig, logger: Logger) {
  const es = new ElasticsearchHttp({ ...config.elasticsearch, timeoutMs: config.timeoutMs, retryAfterSeconds: config.retryAfterSeconds });
  return createHttpHandler({ config, es, logger });
}

export function createHttpHandler(deps: AppDeps) {
  const { config, es, logger } = deps;
  const varyOn = ['X-Tenant-Id', ...(config.tenantHosts.size > 0 ? ['Host'] : []), ...(config.corsOrigins === '*' ? [] : ['Origin'])].join(', ');

  return async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const started = performance.now();
    const headers = lowerCaseHeaders(event.headers);
    const requestId = event.requestContext?.requestId ?? headers['x-request-id'] ?? 'local';
    const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
    const path = event.rawPath ?? '/';
    const cors = corsHeaders(config, headers.origin);
    let tenant: string | undefined;
    let response: APIGatewayProxyStructuredResultV2;
    let failure: unknown;
    try {
      const found = ROUTES.find((candidate) => candidate.match(path));
      if (method === 'OPTIONS') {
        response = {
          statusCode: 204,
          headers: {
            ...cors,
            'access-control-allow-methods': 'GET, POST, OPTIONS',
            'access-control-allow-headers': ALLOWED_HEADERS,
            'access-control-max-age': '86400',
          },
        };
      } else if (path === '/health' && method === 'GET') {
        response = jsonResponse(200, { ok: true }, { 'cache-control': 'no-store' });
      } else {
        if (!found) throw new NotFoundError(`no route ${path.slice(0, 100)}; see the API reference`);
        const { route } = found;
        if (method !== route.method && !(route.method === 'GET' && method === 'HEAD')) throw new MethodNotAllowedError([route.method, 'OPTIONS']);
        const query = new URLSearchParams(event.rawQueryString ?? '');
        tenant = resolveTenant(config, { headers, query, allowAlgoliaApplicationId: route.algoliaTenant });
        const rawBody = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
        const result = await route.run({
          index: `${config.indexPrefix}-products-${tenant}`,
          es,
          synonyms: config.synonyms.get(tenant) ?? NO_SYNONYMS,
          query,
          body: rawBody,
        });
        const body = JSON.stringify(result);
        // The validator ignores timings, which differ on every call for the same results. (Inside JSON
        // strings quotes are escaped, so the pattern only ever matches these keys.)
        const etag = etagOf(body.replace(TIMING_FIELDS, ''));
        const caching: Headers = route.cacheable ? { 'cache-control': cacheControl(config.cache), etag } : { 'cache-control': 'no-store' };
        response =
          route.cacheable && matchesEtag(headers['if-none-match'], etag)
            ? { statusCode: 304, headers: caching }
            : { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', ...caching }, body: method === 'HEAD' ? '' : body };
      }
    } catch (error) {
      const mapped = errorResponse(error, requestId);
      response = mapped.response;
      if (mapped.unexpected) failure = error;
      else if (response.statusCode === 503) failure = error;
    }
    response.headers = { ...response.headers, ...cors, vary: varyOn, 'x-request-id': requestId };
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    const line = { requestId, method, path, tenant, status: response.statusCode, durationMs };
    if (failure) {
      logger.error('request failed', { ...line, error: failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure) });
    } else {
      logger.info('request', line);
    }
    return response;
  };
}
