/**
 * The admin API (API Gateway HTTP API, payload v2), on its own Lambda: a
 * merchant's key reads and publishes its tenant's merchandising settings.
 *   GET  /admin/api/settings                 the current version (0 and empty before the first)
 *   PUT  /admin/api/settings                 {version, settings}: publish over `version`
 *   POST /admin/api/settings/validate        {settings}: check without writing
 *   GET  /admin/api/settings/versions        every version, newest first
 *   GET  /admin/api/settings/versions/{n}    one version
 *   POST /admin/api/settings/rollback        {to, version}: publish version `to` again
 *   POST /admin/api/settings/preview         {settings, queries?}: today's top 10 beside the draft's, per query
 *   GET  /admin/api/reports/{report}         search analytics (admin/core/reports.ts); ?from&to&limit&format=csv
 *   GET  /admin                              the admin page (admin/page/), which calls the routes above
 * The tenant is X-Tenant-Id; the key is `Authorization: Bearer <key>`.
 * 400 names the field at fault and writes nothing; 401 no or an unknown
 * key; 403 a key of another tenant; 409 a stale version (with the current
 * one). A 5xx body stays generic, its cause logged.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { Client } from '@elastic/elasticsearch';
import { TENANT_ID_PATTERN } from '../../common/env.js';
import { EMPTY_SETTINGS, SettingsValidationError, validateSettings } from '../../common/contract/merchandising.js';
import type { AdminConfig } from '../config.js';
import { authenticate } from '../core/keys.js';
import { SettingsConflictError, SettingsStore, SettingsVersionNotFoundError } from '../core/settings-store.js';
import { parsePreviewQueries, previewQueries, PreviewRequestError } from '../core/preview.js';
import { PreviewSearch } from '../search/preview-search.js';
import { adminPage, chartAsset } from '../page/admin-page.js';
import { parseReportRequest, ReportRequestError, toCsv } from '../core/reports.js';
import { ReportReader } from '../analytics/report-reader.js';

const MAX_BODY_BYTES = 1_000_000;
/** Top queries a preview compares without queries given (the rest of its 30 are those the change touches). */
const PREVIEW_TOP_QUERIES = 15;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const json = (status: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

function readBody(event: APIGatewayProxyEventV2): Record<string, unknown> {
  const raw = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large', `the body must be at most ${MAX_BODY_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'bad_request', 'the body must be a JSON object', { field: 'body' });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HttpError(400, 'bad_request', 'the body must be a JSON object', { field: 'body' });
  return parsed as Record<string, unknown>;
}

function versionField(body: Record<string, unknown>, name: string): number {
  const value = Object.hasOwn(body, name) ? body[name] : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new HttpError(400, 'bad_request', `"${name}" must be the settings version you edited (a whole number, 0 before the first)`, { field: name });
  }
  return value;
}

function settingsField(body: Record<string, unknown>) {
  try {
    return validateSettings(Object.hasOwn(body, 'settings') ? body.settings : undefined);
  } catch (error) {
    if (error instanceof SettingsValidationError) throw new HttpError(400, 'bad_request', error.message, { field: `settings.${error.field}`.replace(/\.settings$/, '') });
    throw error;
  }
}

export function createAdminHandler(config: AdminConfig, logger: Logger, es?: Client) {
  const client =
    es ??
    new Client({
      node: config.elasticsearch.url.split(',').map((url) => url.trim()),
      requestTimeout: config.elasticsearch.requestTimeoutMs,
      maxRetries: 2,
      ...(config.elasticsearch.apiKey
        ? { auth: { apiKey: config.elasticsearch.apiKey } }
        : config.elasticsearch.username
          ? { auth: { username: config.elasticsearch.username, password: config.elasticsearch.password ?? '' } }
          : {}),
    });
  const store = new SettingsStore(client, config.indexPrefix);
  const preview = new PreviewSearch(config, logger);
  const reports = new ReportReader(client, config.indexPrefix);

  async function route(event: APIGatewayProxyEventV2, tenant: string, by: string): Promise<APIGatewayProxyStructuredResultV2> {
    const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
    const path = (event.rawPath ?? '/').replace(/\/+$/, '');
    if (path === '/admin/api/settings') {
      if (method === 'GET') {
        const current = await store.current(tenant);
        return json(200, current ?? { tenant, version: 0, settings: EMPTY_SETTINGS, updated_at: null, updated_by: null, change: null });
      }
      if (method === 'PUT') {
        const body = readBody(event);
        const version = versionField(body, 'version');
        const settings = settingsField(body);
        const published = await store.publish(tenant, settings, version, by);
        logger.info('settings published', { tenant, version: published.version, by, rules: settings.rules.length, synonyms: settings.synonyms.length });
        return json(200, published);
      }
      throw new HttpError(405, 'method_not_allowed', 'use GET or PUT', { allow: 'GET, PUT' });
    }
    if (path === '/admin/api/settings/validate') {
      if (method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'use POST', { allow: 'POST' });
      settingsField(readBody(event));
      return json(200, { valid: true });
    }
    if (path === '/admin/api/settings/versions') {
      if (method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'use GET', { allow: 'GET' });
      return json(200, { versions: await store.versions(tenant) });
    }
    const versionPath = /^\/admin\/api\/settings\/versions\/(\d{1,9})$/.exec(path);
    if (versionPath) {
      if (method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'use GET', { allow: 'GET' });
      return json(200, await store.version(tenant, Number(versionPath[1])));
    }
    if (path === '/admin/api/settings/preview') {
      if (method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'use POST', { allow: 'POST' });
      const body = readBody(event);
      const draft = settingsField(body);
      const given = parsePreviewQueries(Object.hasOwn(body, 'queries') ? body.queries : undefined);
      const current = (await store.current(tenant))?.settings ?? EMPTY_SETTINGS;
      // Without queries given: the tenant's top queries of the last 7 days (search analytics), then those the change touches.
      const top = given ? [] : (await reports.run(tenant, parseReportRequest('top-queries', new URLSearchParams({ limit: String(PREVIEW_TOP_QUERIES) })))).map((row) => String(row.query));
      const queries = given ?? previewQueries(current, draft, top);
      const results = await preview.compare(tenant, current, draft, queries);
      return json(200, {
        queries: results,
        changedQueries: results.filter((r) => r.changed).length,
        source: given ? 'given' : top.length > 0 ? 'top queries and those touched by the change' : 'touched by the change',
      });
    }
    const report = /^\/admin\/api\/reports\/([a-z-]{1,40})$/.exec(path);
    if (report) {
      if (method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'use GET', { allow: 'GET' });
      const request = parseReportRequest(report[1] as string, new URLSearchParams(event.rawQueryString ?? ''));
      const rows = await reports.run(tenant, request);
      if (request.format === 'csv') {
        return {
          statusCode: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${tenant}-${request.report}.csv"` },
          body: toCsv(rows),
        };
      }
      return json(200, { report: request.report, from: request.from.toISOString(), to: request.to.toISOString(), rows });
    }
    if (path === '/admin/api/settings/rollback') {
      if (method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'use POST', { allow: 'POST' });
      const body = readBody(event);
      const to = versionField(body, 'to');
      const version = versionField(body, 'version');
      const published = await store.rollback(tenant, to, version, by);
      logger.info('settings rolled back', { tenant, to, version: published.version, by });
      return json(200, published);
    }
    throw new HttpError(404, 'not_found', 'no such admin route; see docs/openapi.yaml');
  }

  return async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    // The page is public (it holds no data); everything it shows comes from the API with the merchant's key.
    if ((event.rawPath ?? '/').replace(/\/+$/, '') === '/admin') return adminPage(event.requestContext?.http?.method ?? 'GET');
    if (event.rawPath === '/admin/assets/chart.js') return chartAsset();
    const headers = new Map(Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    const requestId = event.requestContext?.requestId ?? 'local';
    let tenant: string | undefined;
    try {
      tenant = headers.get('x-tenant-id')?.trim().toLowerCase();
      if (!tenant || !TENANT_ID_PATTERN.test(tenant)) throw new HttpError(400, 'bad_request', 'send the tenant as X-Tenant-Id (1-48 characters of a-z, 0-9, "_" or "-")', { field: 'x-tenant-id' });
      const authorization = headers.get('authorization');
      const presented = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
      const auth = authenticate(presented, tenant, config.keys);
      if (!auth.ok) throw new HttpError(auth.status, auth.status === 401 ? 'unauthorized' : 'forbidden', auth.message);
      return await route(event, tenant, auth.label);
    } catch (error) {
      if (error instanceof HttpError) {
        const { allow, ...extra } = error.extra as { allow?: string };
        const response = json(error.status, { error: error.code, message: error.message, ...extra });
        if (allow) response.headers = { ...response.headers, allow };
        if (error.status === 401) response.headers = { ...response.headers, 'www-authenticate': 'Bearer' };
        return response;
      }
      if (error instanceof ReportRequestError) return json(400, { error: 'bad_request', message: error.message, field: error.field });
      if (error instanceof PreviewRequestError) return json(400, { error: 'bad_request', message: error.message, field: error.field });
      if (error instanceof SettingsConflictError) return json(409, { error: 'conflict', message: error.message, currentVersion: error.currentVersion });
      if (error instanceof SettingsVersionNotFoundError) return json(404, { error: 'not_found', message: error.message });
      logger.error('admin request failed', { requestId, tenant, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      return json(500, { error: 'internal', message: 'the request could not be completed; it is logged under this request id', requestId });
    }
  };
}
