/**
 * The search route's only connection to Elasticsearch: two endpoints
 * (`_search`, `_msearch`) over Node's built-in http/https with a keep-alive
 * agent, and an explicit per-request timeout. The official client costs
 * ~90 ms of cold start for features this path does not use (the indexer
 * keeps it); fetch cost ~3.5x the CPU per request of node:http here
 * (bench/README), CPU that Elasticsearch needs on a small machine.
 * Failures become ServiceUnavailableError (callers answer 503 + Retry-After)
 * except our own bad requests, which are bugs and surface as errors.
 */
import http from 'node:http';
import https from 'node:https';
import type { estypes } from '@elastic/elasticsearch';
import { ServiceUnavailableError } from '../errors.js';

export interface ElasticsearchHttpOptions {
  url: string;
  apiKey?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  timeoutMs: number;
  retryAfterSeconds: number;
}

/** An Elasticsearch error that is not the cluster being unavailable: a malformed request from us. */
export class ElasticsearchRequestError extends Error {
  override name = 'ElasticsearchRequestError';
  constructor(
    readonly status: number,
    readonly type: string,
  ) {
    super(`Elasticsearch rejected the request: HTTP ${status} ${type}`);
  }
}

type ErrorBody = { error?: { type?: string; root_cause?: Array<{ type?: string }> } | string; status?: number };

export class ElasticsearchHttp {
  private readonly url: URL;
  private readonly basePath: string;
  private readonly client: typeof http | typeof https;
  private readonly agent: http.Agent;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: ElasticsearchHttpOptions) {
    this.url = new URL(options.url);
    this.basePath = this.url.pathname.replace(/\/+$/, '');
    const secure = this.url.protocol === 'https:';
    this.client = secure ? https : http;
    // One warm connection pool per Lambda container; lifo keeps the busiest sockets hot.
    this.agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 64, scheduling: 'lifo' });
    this.headers = { accept: 'application/json' };
    if (options.apiKey) this.headers.authorization = `ApiKey ${options.apiKey}`;
    else if (options.username) {
      this.headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
    }
  }

  async search<T>(index: string, body: estypes.SearchRequest): Promise<estypes.SearchResponse<T>> {
    const response = await this.post(`/${encodeURIComponent(index)}/_search`, JSON.stringify(body), 'application/json');
    return response as estypes.SearchResponse<T>;
  }

  /** One round trip for several searches on one index; a failed item fails the whole call. */
  async msearch<T>(index: string, bodies: readonly estypes.SearchRequest[]): Promise<Array<estypes.SearchResponse<T>>> {
    const header = JSON.stringify({ index });
    const payload = `${bodies.map((body) => `${header}\n${JSON.stringify(body)}`).join('\n')}\n`;
    const response = (await this.post('/_msearch', payload, 'application/x-ndjson')) as { responses: Array<estypes.SearchResponse<T> & ErrorBody> };
    for (const item of response.responses) {
      if (item.error) this.throwFor(item.status ?? 500, item);
    }
    return response.responses;
  }

  private post(path: string, body: string, contentType: string): Promise<unknown> {
    const unavailable = (reason: string) => new ServiceUnavailableError(reason, this.options.retryAfterSeconds);
    return new Promise((resolve, reject) => {
      const request = this.client.request(
        {
          host: this.url.hostname,
          port: this.url.port || (this.client === https ? 443 : 80),
          path: `${this.basePath}${path}`,
          method: 'POST',
          agent: this.agent,
          headers: { ...this.headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
          signal: AbortSignal.timeout(this.options.timeoutMs),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', () => reject(unavailable('response interrupted')));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            let parsed: unknown;
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              reject(unavailable(`unreadable response (HTTP ${status})`));
              return;
            }
            try {
              if (status < 200 || status >= 300) this.throwFor(status, parsed as ErrorBody);
              resolve(parsed);
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      request.on('error', (error: Error & { code?: string }) => {
        const timedOut = error.name === 'AbortError' || error.code === 'ABORT_ERR';
        reject(unavailable(timedOut ? `no answer within ${this.options.timeoutMs} ms` : 'connection failed'));
      });
      request.end(body);
    });
  }

  private throwFor(status: number, body: ErrorBody): never {
    const error = body.error;
    const type = typeof error === 'string' ? error : (error?.root_cause?.[0]?.type ?? error?.type ?? 'unknown');
    // Overloaded, down, or the tenant's index not built yet: the caller should retry shortly.
    if (status === 429 || status >= 500 || type === 'index_not_found_exception') {
      throw new ServiceUnavailableError(`Elasticsearch HTTP ${status} ${type}`, this.options.retryAfterSeconds);
    }
    throw new ElasticsearchRequestError(status, type);
  }
}
