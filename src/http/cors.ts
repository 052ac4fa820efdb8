/** Pure: CORS headers for a request's Origin, and the preflight answer. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { SearchConfig } from '../config.js';
import type { Headers } from './responses.js';

const ALLOWED_HEADERS = 'content-type, x-tenant-id, x-algolia-application-id, x-algolia-api-key, x-algolia-agent, if-none-match';

export function corsHeaders(origins: SearchConfig['corsOrigins'], origin: string | undefined): Headers {
  if (origins === '*') return { 'access-control-allow-origin': '*' };
  if (origin && origins.has(origin)) return { 'access-control-allow-origin': origin, vary: 'Origin' };
  return {};
}

export function preflightResponse(): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 204,
    headers: {
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': '86400',
    },
  };
}

/** The request headers a cached answer depends on: what the CDN's cache key must include. */
export function varyHeader(config: Pick<SearchConfig, 'tenantHosts' | 'corsOrigins' | 'searchKeys'>): string {
  return [
    'X-Tenant-Id',
    ...(config.tenantHosts.size > 0 ? ['Host', 'X-Forwarded-Host'] : []),
    ...(config.corsOrigins === '*' ? [] : ['Origin']),
    // A secured key changes what a search may return: a cached answer is per key.
    ...(config.searchKeys.size > 0 ? ['X-Algolia-API-Key'] : []),
  ].join(', ');
}
