/**
 * Pure: a route's JSON result → a 200 with cache headers and a weak ETag, or
 * a 304 when the client's If-None-Match already has it. Timings differ on
 * every call for the same results, so the validator ignores them.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { cacheControl, etagOf, matchesEtag, type CachePolicy, type Headers } from './responses.js';

/** Inside JSON strings quotes are escaped, so this only ever matches these keys. */
const TIMING_FIELDS = /"(?:elasticsearchTimeMs|processingTimeMS)":\d+/g;

export interface ResultOptions {
  cacheable: boolean;
  cache: CachePolicy;
  ifNoneMatch: string | undefined;
  /** HEAD: headers only. */
  headOnly: boolean;
}

export function resultResponse(result: unknown, options: ResultOptions): APIGatewayProxyStructuredResultV2 {
  const body = JSON.stringify(result);
  if (!options.cacheable) {
    return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: options.headOnly ? '' : body };
  }
  const etag = etagOf(body.replace(TIMING_FIELDS, ''));
  const caching: Headers = { 'cache-control': cacheControl(options.cache), etag };
  if (matchesEtag(options.ifNoneMatch, etag)) return { statusCode: 304, headers: caching };
  return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', ...caching }, body: options.headOnly ? '' : body };
}
