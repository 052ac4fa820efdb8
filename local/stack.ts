/**
 * The product assembled on this machine, shared by `npm start`, eval and the
 * bench: the local commerce API with the given catalogs, the real indexer
 * configured through its config parser, and the real search Lambda (and,
 * with the storefront, the admin Lambda at /admin/api) served over HTTP by
 * the API Gateway v2 adapter.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { CommerceApi } from './commerce-api/server.js';
import type { ProductInput } from './commerce-api/catalog.js';
import { handlerRoute, serveHandler, type LocalRoute } from './http-adapter.js';
import { loadAdminConfig } from '../admin/config.js';
import { newAdminKey } from '../admin/core/keys.js';
import { SettingsStore } from '../admin/core/settings-store.js';
import { createAdminHandler } from '../admin/http/handler.js';
import { demoPageRoute, statusRoute } from './local-routes.js';
import { loadIndexerConfig, type CommerceSecrets, type IndexerConfig } from '../indexer/config.js';
import type { ProgressEvent } from '../indexer/sync/context.js';
import { runTenant, type RunMode, type TenantRunReport } from '../indexer/sync/tenant-run.js';
import { loadSearchConfig } from '../src/config.js';
import { createSearchHandler } from '../src/http/app.js';
import { createElasticsearchClient } from '../indexer/sink/elasticsearch-client.js';
import { createLogger } from '../common/logger.js';

export interface StackOptions {
  tenants: Record<string, { products: ProductInput[]; seededAt?: number }>;
  /** ELASTICSEARCH_URL (+ auth) of the cluster to use. */
  elasticsearchEnv: Record<string, string>;
  indexPrefix: string;
  /** The local API's limit and the indexer's budget (default: the platform's 100 / 5 min). */
  rateLimit?: { requests: number; windowMs: number };
  /** Extra indexer / search variables (e.g. SEARCH_SYNONYMS). */
  indexerEnv?: Record<string, string>;
  searchEnv?: Record<string, string>;
  host?: string;
  port?: number;
  commerceApiPort?: number;
  /** Serve the storefront page and /status beside the API. */
  storefront?: boolean;
}

export interface LocalStack {
  searchUrl: string;
  commerce: CommerceApi;
  indexerConfig: IndexerConfig;
  indexerEs: Client;
  /** The variables that point the indexer CLI at this stack. */
  env: Record<string, string>;
  /** tenant → its admin key for the admin API at /admin/api (made at start; only its hash is configured). */
  adminKeys: Map<string, string>;
  /** The admin API's settings store, to seed demo settings. */
  settings: SettingsStore;
  /** One indexer run for a tenant, as the scheduled Lambda does it. */
  index(tenant: string, mode?: RunMode, options?: { onProgress?: (event: ProgressEvent) => void; waitForLock?: boolean; sweepsWait?: boolean }): Promise<TenantRunReport>;
  /** Stops runs in progress between pages (checkpointed, locks released) and waits for them; then closes. */
  close(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<LocalStack> {
  const tenants = Object.keys(options.tenants);
  const graphqlSecret = randomBytes(16).toString('hex');
  const tenantSecrets = Object.fromEntries(tenants.map((tenant) => [tenant, randomBytes(16).toString('hex')]));
  const rateLimit = options.rateLimit ?? { requests: 100, windowMs: 300_000 };
  const commerce = new CommerceApi({
    graphqlSecret,
    tenants: Object.fromEntries(
      tenants.map((tenant) => {
        const { products, seededAt } = options.tenants[tenant] as StackOptions['tenants'][string];
        return [tenant, { secret: tenantSecrets[tenant] as string, products, ...(seededAt !== undefined ? { seededAt } : {}) }];
      }),
    ),
    rateLimit,
    ...(options.commerceApiPort !== undefined ? { port: options.commerceApiPort } : {}),
  });
  const apiUrl = await commerce.listen();

  const env: Record<string, string> = {
    ...options.elasticsearchEnv,
    COMMERCE_GRAPHQL_URL: `${apiUrl}/graphql`,
    COMMERCE_GRAPHQL_SECRET: graphqlSecret,
    COMMERCE_TENANT_SECRETS: JSON.stringify(tenantSecrets),
    COMMERCE_RATE_LIMIT_REQUESTS: String(rateLimit.requests),
    COMMERCE_RATE_LIMIT_WINDOW_SECONDS: String(Math.max(1, Math.round(rateLimit.windowMs / 1000))),
    INDEX_PREFIX: options.indexPrefix,
    ...options.indexerEnv,
  };
  const indexerConfig = loadIndexerConfig(env);
  const indexerEs = createElasticsearchClient(indexerConfig.elasticsearch);
  const secrets: CommerceSecrets = { graphqlSecret, tenantSecrets };
  const logger = createLogger('commerce-search-indexer');

  const searchConfig = loadSearchConfig({ ...env, SEARCH_TENANTS: tenants.join(','), ...options.searchEnv });
  const handler = createSearchHandler(searchConfig, createLogger('commerce-search-api'));
  // The admin Lambda beside search, as API Gateway routes /admin/api/* to it: a fresh key per tenant per start.
  const adminKeys = new Map(tenants.map((tenant) => [tenant, newAdminKey()]));
  const adminConfig = loadAdminConfig({
    ...env,
    ADMIN_KEYS: JSON.stringify(Object.fromEntries([...adminKeys].map(([tenant, { sha256 }]) => [tenant, [{ label: 'local merchant', sha256 }]]))),
  });
  const localRoutes: LocalRoute[] = options.storefront
    ? [
        // As serverless.yml routes the admin function: its page at /admin and its API under /admin/api/.
        handlerRoute((path) => path === '/admin' || path === '/admin/' || path.startsWith('/admin/api/') || path.startsWith('/admin/assets/'), createAdminHandler(adminConfig, createLogger('commerce-search-admin'), indexerEs)),
        demoPageRoute(searchConfig.languages),
        statusRoute({ es: indexerEs, config: indexerConfig, tenants, sourceProducts: (tenant) => commerce.tenant(tenant).catalog.count(true) }),
      ]
    : [];
  // Runs in progress: on close they stop between pages and release their tenant's lock before we go.
  const stopping = new AbortController();
  const running = new Set<Promise<TenantRunReport>>();
  const server = await serveHandler(handler, { host: options.host ?? '127.0.0.1', port: options.port ?? 0, localRoutes });

  return {
    searchUrl: server.url,
    commerce,
    indexerConfig,
    indexerEs,
    env,
    adminKeys: new Map([...adminKeys].map(([tenant, { key }]) => [tenant, key])),
    settings: new SettingsStore(indexerEs, options.indexPrefix),
    index: (tenant, mode = 'scheduled', runOptions = {}) => {
      const run = runTenant({ config: indexerConfig, es: indexerEs, secrets, logger }, tenant, { mode, ...runOptions, signal: stopping.signal });
      running.add(run);
      void run.finally(() => running.delete(run));
      return run;
    },
    close: async () => {
      stopping.abort();
      await Promise.allSettled([...running]);
      await server.close();
      await commerce.close();
      await indexerEs.close();
    },
  };
}
