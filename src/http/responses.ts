/**
 * Pure: results and errors → API Gateway responses. 4xx bodies tell the
 * caller what to fix; 5xx bodies are generic and carry only the request id
 * (the cause is logged). Successful GETs carry CDN cache headers and an
 * ETag, and answer 304 to a matching If-None-Match.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InsightsValidationError } from '../analytics/insights-events.js';
import { BadRequestError, MethodNotAllowedError, ForbiddenError, NotFoundError, ServiceUnavailableError, TenantError } from '../errors.js';

export type Headers = Record<string, string>;

export interface ErrorBody {
  error: { code: string; message: string; parameter?: string; requestId: string };
}

export function jsonResponse(status: number, body: unknown, headers: Headers = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

/** The response for an error, and whether it is our fault (to be logged as an error). */
export function errorResponse(error: unknown, requestId: string): { response: APIGatewayProxyStructuredResultV2; unexpected: boolean } {
  const body = (code: string, message: string, parameter?: string): ErrorBody => ({
    error: { code, message, ...(parameter ? { parameter } : {}), requestId },
  });
  const noStore = { 'cache-control': 'no-store' };
  if (error instanceof BadRequestError) {
    return { response: jsonResponse(400, body('invalid_parameter', error.message, error.parameter), noStore), unexpected: false };
  }
  if (error instanceof TenantError) {
    const code = error.status === 400 ? 'missing_tenant' : 'unknown_tenant';
    return { response: jsonResponse(error.status, body(code, error.message), noStore), unexpected: false };
  }
  // Algolia Insights' own error shape, so its clients report it as they would Algolia's.
  if (error instanceof InsightsValidationError) return { response: jsonResponse(422, { status: 422, message: error.message, field: error.field }, noStore), unexpected: false };
  if (error instanceof ForbiddenError) return { response: jsonResponse(403, body('forbidden', error.message), noStore), unexpected: false };
  if (error instanceof NotFoundError) return { response: jsonResponse(404, body('not_found', error.message), noStore), unexpected: false };
  if (error instanceof MethodNotAllowedError) {
    return { response: jsonResponse(405, body('method_not_allowed', error.message), { ...noStore, allow: error.allowed.join(', ') }), unexpected: false };
  }
  if (error instanceof ServiceUnavailableError) {
    return {
      response: jsonResponse(503, body('unavailable', 'search is temporarily unavailable; retry shortly'), {
        ...noStore,
        'retry-after': String(error.retryAfterSeconds),
      }),
      unexpected: false,
    };
  }
  return {
    response: jsonResponse(500, body('internal_error', `something went wrong on our side; quote request id ${requestId}`), noStore),
    unexpected: true,
  };
}

export interface CachePolicy {
  maxAge: number;
  sMaxAge: number;
  staleWhileRevalidate: number;
}

export function cacheControl(policy: CachePolicy): string {
  return `public, max-age=${policy.maxAge}, s-maxage=${policy.sMaxAge}, stale-while-revalidate=${policy.staleWhileRevalidate}`;
}

/** A weak validator over the serialised body: equal bodies, equal tags. */
export function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag.replace(/^W\//, '') === etag.replace(/^W\//, '');
  });
}
