/**
 * A local stand-in for the AI Commerce GraphQL API, over real HTTP with real
 * GraphQL execution (graphql-js): the same headers, paging, rate limit and
 * failure modes the indexer meets in production. Used by the tests,
 * `npm start` and the bench. It also carries a small admin surface to edit
 * products and inject faults, which the real API does not have.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { buildSchema, graphql, GraphQLError, type GraphQLSchema } from 'graphql';
import { Catalog, type ProductInput, type ProductQuery } from './catalog.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import { close, listen } from '../http-server.js';

export type FaultKind =
  | 'serverError' // HTTP 500 with a generic body
  | 'malformedJson' // HTTP 200 whose body is not JSON
  | 'graphqlError' // HTTP 200 with `errors` and no data
  | 'slow' // answers after `delayMs` (longer than the client's timeout)
  | 'connectionReset' // the socket is destroyed before any response
  | 'rateLimited'; // HTTP 429 with Retry-After, regardless of the real budget

export interface Fault {
  kind: FaultKind;
  /** How many consecutive requests the fault applies to (default 1). */
  count?: number;
  delayMs?: number;
  retryAfterSeconds?: number;
}

export interface TenantOptions {
  secret: string;
  products?: ProductInput[];
  clock?: () => number;
  /** Stamp seeded products with this DateModified (a stable catalog across restarts); default: now. */
  seededAt?: number;
}

export interface CommerceApiOptions {
  graphqlSecret: string;
  tenants: Record<string, TenantOptions>;
  rateLimit?: { requests: number; windowMs: number };
  maxPageSize?: number;
  host?: string;
  port?: number;
}

export interface RequestRecord {
  at: number;
  status: number;
  /** The GraphQL operation's variables, so tests can see how the indexer paged. */
  variables?: Record<string, unknown>;
}

export class TenantState {
  readonly catalog: Catalog;
  readonly requests: RequestRecord[] = [];
  readonly faults: Array<Required<Pick<Fault, 'kind'>> & Fault & { remaining: number }> = [];
  /** Runs (and is awaited) before each accepted GraphQL request; tests use it to change the catalog mid-crawl. */
  beforeRequest?: (request: RequestRecord) => void | Promise<void>;

  /** The tenant's clock: stamps DateModified and the responses' Date header (a test can set it behind ours). */
  readonly clock: () => number;

  constructor(
    readonly secret: string,
    clock?: () => number,
  ) {
    this.clock = clock ?? Date.now;
    this.catalog = new Catalog(this.clock);
  }

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.count ?? 1 });
  }

  /** Requests the API answered (not counting the ones it refused with 429). */
  get acceptedRequests(): number {
    return this.requests.filter((r) => r.status !== 429).length;
  }

  get rateLimitedRequests(): number {
    return this.requests.filter((r) => r.status === 429).length;
  }

  takeFault(): Fault | undefined {
    const fault = this.faults[0];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.shift();
    return fault;
  }
}

const SCHEMA_SDL = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
const MAX_BODY_BYTES = 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

function errorBody(message: string, code: string): unknown {
  return { errors: [{ message, extensions: { code } }] };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export class CommerceApi {
  readonly tenants = new Map<string, TenantState>();
  private readonly limiter: SlidingWindowLimiter;
  private readonly schema: GraphQLSchema = buildSchema(SCHEMA_SDL);
  private readonly maxPageSize: number;
  private server?: Server;
  url = '';

  constructor(private readonly options: CommerceApiOptions) {
    for (const [id, tenant] of Object.entries(options.tenants)) {
      const state = new TenantState(tenant.secret, tenant.clock);
      for (const product of tenant.products ?? []) state.catalog.upsert(product, tenant.seededAt);
      this.tenants.set(id, state);
    }
    const rateLimit = options.rateLimit ?? { requests: 100, windowMs: 5 * 60_000 };
    this.limiter = new SlidingWindowLimiter(rateLimit.requests, rateLimit.windowMs);
    this.maxPageSize = options.maxPageSize ?? 1000;
  }

  tenant(id: string): TenantState {
    const state = this.tenants.get(id);
    if (!state) throw new Error(`no tenant "${id}" in the local commerce API`);
    return state;
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, errorBody('internal error', 'INTERNAL_SERVER_ERROR'));
        else res.destroy(error as Error);
      });
    });
    this.server.keepAliveTimeout = 5_000;
    this.url = await listen(this.server, this.options.port, this.options.host);
    return this.url;
  }

  close(): Promise<void> {
    return close(this.server);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === '/graphql' && req.method === 'POST') return this.handleGraphql(req, res);
    if (url.pathname.startsWith('/admin/')) return this.handleAdmin(req, res, url);
    if (url.pathname === '/health') return sendJson(res, 200, { ok: true });
    sendJson(res, 404, errorBody(`no route ${req.method} ${url.pathname}`, 'NOT_FOUND'));
  }

  /** Resolves the tenant from the three headers, answering 401/403 itself when they are wrong. */
  private authenticate(req: IncomingMessage, res: ServerResponse): { id: string; state: TenantState } | undefined {
    if (header(req, 'x-graphql-secret') !== this.options.graphqlSecret) {
      sendJson(res, 401, errorBody('missing or invalid X-GraphQL-Secret header', 'UNAUTHENTICATED'));
      return undefined;
    }
    const id = header(req, 'x-tenant-id');
    const state = id ? this.tenants.get(id) : undefined;
    if (!id || !state) {
      sendJson(res, 403, errorBody('missing or unknown X-Tenant-Id header', 'FORBIDDEN'));
      return undefined;
    }
    if (header(req, 'x-tenant-secret') !== state.secret) {
      sendJson(res, 403, errorBody('invalid X-Tenant-Secret for this tenant', 'FORBIDDEN'));
      return undefined;
    }
    return { id, state };
  }

  private async handleGraphql(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const tenant = this.authenticate(req, res);
    if (!tenant) return;
    const { id, state } = tenant;
    // The API's own time, as a real server's Date header gives it (the indexer reads it: its clock may differ).
    res.setHeader('date', new Date(state.clock()).toUTCString());
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
    } catch {
      return sendJson(res, 400, errorBody('request body must be JSON {query, variables}', 'BAD_REQUEST'));
    }
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    const record: RequestRecord = { at: Date.now(), status: 200, variables };

    const fault = state.takeFault();
    if (fault?.kind === 'rateLimited') {
      record.status = 429;
      state.requests.push(record);
      return sendJson(res, 429, errorBody('rate limit exceeded', 'RATE_LIMITED'), {
        'retry-after': String(fault.retryAfterSeconds ?? 1),
      });
    }
    const retryAfterMs = this.limiter.tryAcquire(id, record.at);
    if (retryAfterMs > 0) {
      record.status = 429;
      state.requests.push(record);
      return sendJson(res, 429, errorBody('rate limit exceeded', 'RATE_LIMITED'), {
        'retry-after': String(Math.ceil(retryAfterMs / 1000)),
      });
    }
    await state.beforeRequest?.(record);
    state.requests.push(record);

    switch (fault?.kind) {
      case 'serverError':
        record.status = 500;
        return sendJson(res, 500, errorBody('internal server error', 'INTERNAL_SERVER_ERROR'));
      case 'malformedJson':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"data": {"products": ');
      case 'graphqlError':
        return sendJson(res, 200, { data: null, ...(errorBody('upstream catalog unavailable', 'INTERNAL_SERVER_ERROR') as object) });
      case 'connectionReset':
        record.status = 0;
        return void req.socket.destroy();
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 5_000));
        break;
      default:
        break;
    }
    if (typeof body.query !== 'string') {
      record.status = 400;
      return sendJson(res, 400, errorBody('body.query must be a GraphQL document string', 'BAD_REQUEST'));
    }
    const result = await graphql({
      schema: this.schema,
      source: body.query,
      variableValues: variables,
      operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
      rootValue: this.resolvers(state),
    });
    if (!res.destroyed) sendJson(res, 200, result);
  }

  private resolvers(state: TenantState) {
    return {
      products: (args: ProductQuery) => {
        if (args.limit < 0 || args.limit > this.maxPageSize) {
          throw new GraphQLError(`limit must be between 0 and ${this.maxPageSize}`);
        }
        if (args.offset < 0) throw new GraphQLError('offset must not be negative');
        if (args.modifiedSince && Number.isNaN(Date.parse(args.modifiedSince))) {
          throw new GraphQLError('modifiedSince must be an ISO 8601 date-time');
        }
        const { total, items } = state.catalog.query(args);
        return { total, limit: args.limit, offset: args.offset, items };
      },
      productCount: ({ activeOnly }: { activeOnly?: boolean }) => state.catalog.count(Boolean(activeOnly)),
    };
  }

  /**
   * Local-only admin routes (the demo's "edit a product", fault injection):
   *   GET    /admin/tenants/:t/products/:id
   *   PUT    /admin/tenants/:t/products/:id   full product JSON (creates or replaces)
   *   PATCH  /admin/tenants/:t/products/:id   partial change
   *   DELETE /admin/tenants/:t/products/:id   hard delete
   *   POST   /admin/tenants/:t/batch          {ids?, change, dateModified?}: one DateModified for many products
   *   POST   /admin/tenants/:t/faults         a Fault
   *   GET    /admin/tenants/:t/stats
   * They need X-GraphQL-Secret like the API itself.
   */
  private async handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (header(req, 'x-graphql-secret') !== this.options.graphqlSecret) {
      return sendJson(res, 401, errorBody('missing or invalid X-GraphQL-Secret header', 'UNAUTHENTICATED'));
    }
    const match = /^\/admin\/tenants\/([^/]+)\/(products\/([^/]+)|faults|stats|batch)$/.exec(url.pathname);
    const state = match ? this.tenants.get(decodeURIComponent(match[1] ?? '')) : undefined;
    if (!match || !state) return sendJson(res, 404, errorBody('no such admin route or tenant', 'NOT_FOUND'));
    const productId = match[3] ? decodeURIComponent(match[3]) : undefined;
    const readJson = async () => JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;

    if (match[2] === 'stats' && req.method === 'GET') {
      return sendJson(res, 200, {
        products: state.catalog.size,
        activeProducts: state.catalog.count(true),
        acceptedRequests: state.acceptedRequests,
        rateLimitedRequests: state.rateLimitedRequests,
      });
    }
    if (match[2] === 'batch' && req.method === 'POST') {
      const { ids, change, dateModified } = (await readJson()) as { ids?: string[]; change?: Partial<ProductInput>; dateModified?: string };
      const at = dateModified === undefined ? undefined : Date.parse(dateModified);
      if (at !== undefined && Number.isNaN(at)) return sendJson(res, 400, errorBody('dateModified must be an ISO 8601 date-time', 'BAD_REQUEST'));
      return sendJson(res, 200, { changed: state.catalog.updateMany(ids, change ?? {}, at) });
    }
    if (match[2] === 'faults' && req.method === 'POST') {
      state.injectFault((await readJson()) as unknown as Fault);
      return sendJson(res, 202, { queued: state.faults.length });
    }
    if (!productId) return sendJson(res, 405, errorBody('method not allowed', 'METHOD_NOT_ALLOWED'));
    switch (req.method) {
      case 'GET': {
        const product = state.catalog.get(productId);
        return product ? sendJson(res, 200, product) : sendJson(res, 404, errorBody('no such product', 'NOT_FOUND'));
      }
      case 'PUT':
        return sendJson(res, 200, state.catalog.upsert({ ...(await readJson()), id: productId } as unknown as ProductInput));
      case 'PATCH': {
        const updated = state.catalog.update(productId, (await readJson()) as Partial<ProductInput>);
        return updated ? sendJson(res, 200, updated) : sendJson(res, 404, errorBody('no such product', 'NOT_FOUND'));
      }
      case 'DELETE':
        if (!state.catalog.remove(productId)) return sendJson(res, 404, errorBody('no such product', 'NOT_FOUND'));
        return void res.writeHead(204).end();
      default:
        return sendJson(res, 405, errorBody('method not allowed', 'METHOD_NOT_ALLOWED'));
    }
  }
}
