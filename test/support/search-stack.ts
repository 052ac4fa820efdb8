/**
 * The search API as deployed, on a real port: products indexed by the real
 * indexer into the test Elasticsearch, the Lambda handler built from its real
 * config parser, served through the API Gateway v2 adapter.
 */
import type { ProductInput } from '../../local/commerce-api/catalog.js';
import { serveHandler } from '../../local/http-adapter.js';
import { demoPageRoute, statusRoute } from '../../local/local-routes.js';
import { loadSearchConfig } from '../../src/config.js';
import { createSearchHandler } from '../../src/http/app.js';
import { createLogger } from '../../common/logger.js';
import { IndexerHarness, uniquePrefix } from './indexer-harness.js';
import { checkedAgainstContract } from './openapi-contract.js';

export interface SearchStack {
  url: string;
  /** The Lambda handler itself, for events no HTTP client would send. */
  handler: ReturnType<typeof createSearchHandler>;
  prefix: string;
  tenants: Map<string, IndexerHarness>;
  /** GET/POST with a tenant header unless `tenant: null`. */
  request(path: string, options?: { tenant?: string | null; method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  json<T = any>(path: string, options?: { tenant?: string | null; method?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

export async function startSearchStack(options: {
  tenants: Record<string, ProductInput[]>;
  env?: Record<string, string>;
  /** Where the search side connects (default: the suite's cluster); the products are indexed into the suite's cluster. */
  elasticsearchUrl?: string;
  /** Index and search on this cluster instead of the suite's (e.g. several local nodes). */
  clusterUrl?: string;
  indexerEnv?: Record<string, string>;
  /** Also serve the storefront page and /status, as npm start does. */
  storefront?: boolean;
  /**
   * Serve this stack's indices instead of indexing the products again: two
   * search configurations over one index (equal scores are ordered by index
   * position, which differs between two indexings of the same catalog).
   */
  indexOf?: SearchStack;
}): Promise<SearchStack> {
  const prefix = options.indexOf?.prefix ?? uniquePrefix();
  const tenants = new Map<string, IndexerHarness>(options.indexOf?.tenants ?? []);
  for (const [tenant, products] of Object.entries(options.indexOf ? {} : options.tenants)) {
    const harness = await new IndexerHarness({
      tenant,
      prefix,
      products,
      pageSize: 1000,
      ...(options.clusterUrl ? { elasticsearchUrl: options.clusterUrl } : {}),
      ...(options.indexerEnv ? { env: options.indexerEnv } : {}),
    }).start();
    const report = await harness.run('full');
    if (report.status !== 'succeeded') throw new Error(`indexing ${tenant} failed: ${report.error}`);
    tenants.set(tenant, harness);
  }
  const config = loadSearchConfig({
    ELASTICSEARCH_URL: options.elasticsearchUrl ?? options.clusterUrl ?? process.env.ELASTICSEARCH_URL,
    ELASTICSEARCH_API_KEY: process.env.ELASTICSEARCH_API_KEY,
    ELASTICSEARCH_USERNAME: process.env.ELASTICSEARCH_USERNAME,
    ELASTICSEARCH_PASSWORD: process.env.ELASTICSEARCH_PASSWORD,
    INDEX_PREFIX: prefix,
    SEARCH_TENANTS: Object.keys(options.tenants).join(','),
    ...options.env,
  });
  const handler = checkedAgainstContract(createSearchHandler(config, createLogger('search-test')));
  const first = [...tenants.values()][0] as IndexerHarness;
  const server = await serveHandler(handler, {
    localRoutes: options.storefront
      ? [
          demoPageRoute(config.languages),
          statusRoute({
            es: first.es,
            config: first.config,
            tenants: [...tenants.keys()],
            sourceProducts: (tenant) => tenants.get(tenant)?.source.catalog.count(true),
          }),
        ]
      : [],
  });
  const defaultTenant = Object.keys(options.tenants)[0] as string;
  const request: SearchStack['request'] = (path, opts = {}) => {
    const tenant = opts.tenant === undefined ? defaultTenant : opts.tenant;
    return fetch(`${server.url}${path}`, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(tenant ? { 'x-tenant-id': tenant } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
    });
  };
  return {
    url: server.url,
    handler,
    prefix,
    tenants,
    request,
    json: async (path, opts) => {
      const response = await request(path, opts);
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
    },
    close: async () => {
      await server.close();
      if (!options.indexOf) for (const harness of tenants.values()) await harness.close();
    },
  };
}
