/**
 * The search route's only connection to Elasticsearch: two endpoints
 * (`_search`, `_msearch`) over Node's built-in http/https with a keep-alive
 * agent, and an explicit per-request timeout. Given several nodes
 * (ELASTICSEARCH_URL=a,b,c), a search whose node refuses or drops the
 * connection, or answers 5xx, is sent once more to the next node, and the failed node is
 * skipped for a few seconds: stopping one node of a cluster fails no search.
 * A caller may pass the signal of its whole request (one budget across every
 * call and retry it makes, SEARCH_TIMEOUT_MS); without one, each call gets
 * `timeoutMs` of its own. The official client costs
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

/** Per call: `signal` ends it (and any retry on another node) when the caller's budget is spent. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export interface ElasticsearchHttpOptions {
  url: string;
  apiKey?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  timeoutMs: number;
  retryAfterSeconds: number;
  /** Connections per node (default 64; the cost comparison uses one). */
  maxSockets?: number;
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

interface Node {
  url: URL;
  basePath: string;
  client: typeof http | typeof https;
  agent: http.Agent;
  /** Epoch ms until which this node is skipped after a connection failure. */
  downUntil: number;
}

/** The node failed (refused or dropped the connection, or answered 5xx): another node may well serve the request. */
class NodeFailedError extends Error {}

const NODE_RETRY_AFTER_MS = 5_000;

export class ElasticsearchHttp {
  private readonly nodes: Node[];
  private readonly headers: Record<string, string>;

  constructor(private readonly options: ElasticsearchHttpOptions) {
    this.nodes = options.url
      .split(',')
      .map((raw) => raw.trim())
      .filter(Boolean)
      .map((raw) => {
        const url = new URL(raw);
        const secure = url.protocol === 'https:';
        return {
          url,
          basePath: url.pathname.replace(/\/+$/, ''),
          client: secure ? https : http,
          // One warm connection pool per node and Lambda container; lifo keeps the busiest sockets hot.
          agent: new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: options.maxSockets ?? 64, scheduling: 'lifo' }),
          downUntil: 0,
        };
      });
    this.headers = { accept: 'application/json' };
    if (options.apiKey) this.headers.authorization = `ApiKey ${options.apiKey}`;
    else if (options.username) {
      this.headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
    }
  }

  /** `ignoreUnavailable`: a missing index answers no hits (a document not written yet), not an error. */
  async search<T>(index: string, body: estypes.SearchRequest, options: { preference?: string; ignoreUnavailable?: boolean } & CallOptions = {}): Promise<estypes.SearchResponse<T>> {
    const params = new URLSearchParams({ ...(options.preference ? { preference: options.preference } : {}), ...(options.ignoreUnavailable ? { ignore_unavailable: 'true' } : {}) }).toString();
    const query = params ? `?${params}` : '';
    const response = await this.post(`/${encodeURIComponent(index)}/_search${query}`, JSON.stringify(body), 'application/json', options.signal);
    return response as estypes.SearchResponse<T>;
  }

  /** Documents behind an index or alias (the health check: the read-only key may do this). */
  async count(index: string, options: CallOptions = {}): Promise<number> {
    const response = (await this.post(`/${encodeURIComponent(index)}/_count`, '{}', 'application/json', options.signal)) as { count?: number };
    return response.count ?? 0;
  }

  /**
   * One round trip for several searches on one index; a failed item fails the whole call.
   * `preference`: searches with the same one read the same shard copies (stable order of equal scores).
   */
  async msearch<T>(index: string, bodies: readonly estypes.SearchRequest[], options: { preference?: string } & CallOptions = {}): Promise<Array<estypes.SearchResponse<T>>> {
    const header = JSON.stringify({ index, ...(options.preference ? { preference: options.preference } : {}) });
    const payload = `${bodies.map((body) => `${header}\n${JSON.stringify(body)}`).join('\n')}\n`;
    const response = (await this.post('/_msearch', payload, 'application/x-ndjson', options.signal)) as { responses: Array<estypes.SearchResponse<T> & ErrorBody> };
    for (const item of response.responses) {
      if (item.error) this.throwFor(item.status ?? 500, item);
    }
    return response.responses;
  }

  /** One `_bulk` of NDJSON lines (analytics: the only writes the search function makes); how many items failed. */
  async bulk(ndjson: string, options: CallOptions = {}): Promise<{ failed: number }> {
    const response = (await this.post('/_bulk', ndjson, 'application/x-ndjson', options.signal)) as { errors?: boolean; items?: Array<Record<string, { status?: number }>> };
    if (!response.errors) return { failed: 0 };
    return { failed: (response.items ?? []).filter((item) => Object.values(item).some((result) => (result.status ?? 500) >= 300)).length };
  }

  /** Closes the kept-alive connections (a process that ends on its own; a Lambda never needs it). */
  close(): void {
    for (const node of this.nodes) node.agent.destroy();
  }

  /** The first node not known to be down (all down: the first, which may be back). */
  private pick(exclude?: Node): Node {
    const now = Date.now();
    return (this.nodes.find((node) => node !== exclude && node.downUntil <= now) ?? this.nodes.find((node) => node !== exclude) ?? this.nodes[0]) as Node;
  }

  private async post(path: string, body: string, contentType: string, budget?: AbortSignal): Promise<unknown> {
    const first = this.pick();
    try {
      return await this.postTo(first, path, body, contentType, budget);
    } catch (error) {
      if (!(error instanceof NodeFailedError)) throw error;
      first.downUntil = Date.now() + NODE_RETRY_AFTER_MS;
      if (this.nodes.length === 1) throw new ServiceUnavailableError(error.message, this.options.retryAfterSeconds);
      // The retry spends what is left of the caller's budget, not a budget of its own.
      if (budget?.aborted) throw new ServiceUnavailableError(`${error.message}; no budget left to try another node`, this.options.retryAfterSeconds);
      try {
        return await this.postTo(this.pick(first), path, body, contentType, budget);
      } catch (second) {
        if (second instanceof NodeFailedError) throw new ServiceUnavailableError(second.message, this.options.retryAfterSeconds);
        throw second;
      }
    }
  }

  private postTo(node: Node, path: string, body: string, contentType: string, budget?: AbortSignal): Promise<unknown> {
    const unavailable = (reason: string) => new ServiceUnavailableError(reason, this.options.retryAfterSeconds);
    return new Promise((resolve, reject) => {
      let answered = false;
      const request = node.client.request(
        {
          host: node.url.hostname,
          port: node.url.port || (node.client === https ? 443 : 80),
          path: `${node.basePath}${path}`,
          method: 'POST',
          agent: node.agent,
          headers: { ...this.headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
          signal: budget ?? AbortSignal.timeout(this.options.timeoutMs),
        },
        (response) => {
          answered = true;
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
              // A node shutting down or failing answers 5xx: the search may succeed on another node.
              if (status >= 500 && this.nodes.length > 1) throw new NodeFailedError(`HTTP ${status}`);
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
        if (timedOut) reject(unavailable(budget ? `no answer within the request's ${this.options.timeoutMs} ms budget` : `no answer within ${this.options.timeoutMs} ms`));
        // Refused, reset or dropped before any answer: safe to send to another node (searches change nothing).
        else if (!answered) reject(new NodeFailedError(error.code ?? 'connection failed'));
        else reject(unavailable('connection failed'));
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
