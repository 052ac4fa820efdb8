/**
 * The only module that talks to the commerce GraphQL API. Every request
 * reserves a slot in the tenant's shared rate budget first, carries an
 * explicit timeout, and fails with a named, classified error. 429 answers are
 * waited out (Retry-After) and retried; 5xx, timeouts and dropped connections
 * are retried a few times with backoff; GraphQL errors and malformed
 * responses fail at once.
 */
import { ClientError, GraphQLClient } from 'graphql-request';
import { z } from 'zod';
import { PRODUCT_IDS_DOCUMENT, PRODUCTS_DOCUMENT } from '../queries/documents.js';
import type { RateBudget, RequestKind } from './rate-budget.js';

export type CommerceFailureKind =
  | 'http_status' // non-2xx other than 429
  | 'graphql_errors' // 200 with `errors`
  | 'malformed_response' // not JSON, or not the shape the query asks for
  | 'timeout'
  | 'network';

export class CommerceApiError extends Error {
  override name = 'CommerceApiError';
  constructor(
    message: string,
    readonly kind: CommerceFailureKind,
    readonly status?: number,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || (this.kind === 'http_status' && (this.status ?? 0) >= 500);
  }
}

export interface CommerceClientOptions {
  endpoint: string;
  graphqlSecret: string;
  tenantId: string;
  tenantSecret: string;
  timeoutMs: number;
  /** Retries of retryable failures (5xx, timeout, network) per request; 429s are waited out separately. */
  maxRetries: number;
  budget: RateBudget;
  sleep?: (ms: number) => Promise<void>;
}

const pageSchema = z.object({
  activeCount: z.number().int().nonnegative(),
  page: z.object({ total: z.number().int().nonnegative(), items: z.array(z.unknown()) }),
});
const idsPageSchema = z.object({
  page: z.object({
    total: z.number().int().nonnegative(),
    items: z.array(z.object({ id: z.union([z.string(), z.number()]), dateModified: z.string() })),
  }),
});

export interface ProductsPage {
  /** Products matching the query (modified since …), before limit/offset. */
  total: number;
  /** Active products in the whole catalog at the time of this page: the count a full index must reach. */
  activeCount: number;
  /** Raw products, validated one by one by the transform (a bad product must not sink its page). */
  items: unknown[];
}

/** Parses Retry-After (delta-seconds or HTTP date) into milliseconds; 60 s when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number {
  if (!value) return 60_000;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? 60_000 : Math.max(0, at - now);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class CommerceClient {
  /** Requests sent (each one reserved a budget slot). */
  requests = 0;
  rateLimited = 0;
  retries = 0;
  /**
   * How far the API's clock is behind ours (ms, 0 when not behind), the most seen in its responses' Date
   * headers. A DateModified is the API's time: the sync's overlap is measured in it (see sync/incremental.ts).
   */
  apiClockBehindMs = 0;
  private readonly client: GraphQLClient;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CommerceClientOptions) {
    this.client = new GraphQLClient(options.endpoint, {
      headers: {
        'X-GraphQL-Secret': options.graphqlSecret,
        'X-Tenant-Id': options.tenantId,
        'X-Tenant-Secret': options.tenantSecret,
      },
      responseMiddleware: (response) => {
        if (response instanceof Error) return;
        const date = Date.parse(response.headers?.get('date') ?? '');
        // A Date header has whole seconds: the API's time is at most 999 ms past it.
        if (!Number.isNaN(date)) this.apiClockBehindMs = Math.max(this.apiClockBehindMs, Date.now() - (date + 999));
      },
    });
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** `kind`: whose share of the rate window the request spends (source/rate-budget.ts). */
  async productsPage(
    variables: {
      limit: number;
      offset: number;
      modifiedSince?: string | null;
      ids?: string[];
    },
    kind: RequestKind = 'sync',
  ): Promise<ProductsPage> {
    const data = this.parse(pageSchema, await this.send(PRODUCTS_DOCUMENT, variables, kind));
    return { total: data.page.total, activeCount: data.activeCount, items: data.page.items };
  }

  /** Active products' ids with their DateModified (epoch ms; NaN when unreadable), in id order. */
  async productIdsPage(variables: { limit: number; offset: number; ids?: string[] }, kind: RequestKind = 'sync'): Promise<{ total: number; ids: string[]; modified: number[] }> {
    const data = this.parse(idsPageSchema, await this.send(PRODUCT_IDS_DOCUMENT, variables, kind));
    return {
      total: data.page.total,
      ids: data.page.items.map((item) => String(item.id)),
      modified: data.page.items.map((item) => Date.parse(item.dateModified)),
    };
  }

  private parse<T>(schema: z.ZodType<T>, data: unknown): T {
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new CommerceApiError(`commerce API response does not match the query (at "${where}")`, 'malformed_response');
  }

  private async send(document: string, variables: Record<string, unknown>, kind: RequestKind): Promise<unknown> {
    for (let transientFailures = 0; ; ) {
      await this.options.budget.acquire(kind);
      this.requests += 1;
      try {
        return await this.client.request<unknown>({
          document,
          variables,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
      } catch (error) {
        if (error instanceof ClientError && error.response.status === 429) {
          this.rateLimited += 1;
          const retryAfter = (error.response.headers as Headers | undefined)?.get?.('retry-after');
          await this.options.budget.blockFor(retryAfterMs(retryAfter));
          continue;
        }
        const failure = this.classify(error);
        if (!failure.retryable || transientFailures >= this.options.maxRetries) throw failure;
        transientFailures += 1;
        this.retries += 1;
        await this.sleep(Math.min(250 * 2 ** transientFailures, 5_000));
      }
    }
  }

  private classify(error: unknown): CommerceApiError {
    if (error instanceof CommerceApiError) return error;
    if (error instanceof ClientError) {
      const { status, errors } = error.response;
      if (status >= 200 && status < 300 && errors?.length) {
        const messages = errors.map((e) => e.message).slice(0, 3).join('; ');
        return new CommerceApiError(`commerce API answered with GraphQL errors: ${messages}`, 'graphql_errors', status);
      }
      return new CommerceApiError(`commerce API answered HTTP ${status}`, 'http_status', status);
    }
    if (error instanceof SyntaxError) {
      return new CommerceApiError('commerce API answered with a body that is not valid JSON', 'malformed_response');
    }
    // AbortSignal.timeout rejects with a DOMException, which is not always `instanceof Error` (other realms).
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new CommerceApiError(`commerce API did not answer within ${this.options.timeoutMs} ms`, 'timeout');
    }
    const code = (error as { cause?: { code?: string } })?.cause?.code;
    return new CommerceApiError(`commerce API request failed (${code ?? 'network error'})`, 'network');
  }
}
