/**
 * The search route's only connection to Elasticsearch: two endpoints
 * (`_search`, `_msearch`) over Node's built-in fetch (undici, keep-alive),
 * with an explicit per-request timeout. The official client costs ~110 ms of
 * cold start for features this path does not use; the indexer keeps it.
 * Failures become ServiceUnavailableError (callers answer 503 + Retry-After)
 * except our own bad requests, which are bugs and surface as errors.
 */
import type { estypes } from '@elastic/elasticsearch';
import { ServiceUnavailableError } from '../shared/errors.js';

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
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: ElasticsearchHttpOptions) {
    this.base = options.url.replace(/\/+$/, '');
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

  private async post(path: string, body: string, contentType: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method: 'POST',
        headers: { ...this.headers, 'content-type': contentType },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      const reason = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${this.options.timeoutMs} ms` : 'connection failed';
      throw new ServiceUnavailableError(reason, this.options.retryAfterSeconds);
    }
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      throw new ServiceUnavailableError(`unreadable response (HTTP ${response.status})`, this.options.retryAfterSeconds);
    }
    if (!response.ok) this.throwFor(response.status, parsed as ErrorBody);
    return parsed;
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
