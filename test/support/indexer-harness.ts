/**
 * A tenant's whole indexing setup for one test: the local commerce API on a
 * real port, the indexer configured through its real config parser, and a
 * unique index prefix on the shared test Elasticsearch.
 */
import { createHash, randomBytes } from 'node:crypto';
import { toAction } from '../../indexer/transform/to-document.js';
import { Client } from '@elastic/elasticsearch';
import { CommerceApi, type CommerceApiOptions, type RequestRecord, type TenantState } from '../../local/commerce-api/server.js';
import type { SyncState } from '../../indexer/sync/sync-state.js';
import type { ProductInput } from '../../local/commerce-api/catalog.js';
import { loadIndexerConfig, type IndexerConfig } from '../../indexer/config.js';
import { createElasticsearchClient } from '../../indexer/sink/elasticsearch-client.js';
import { createLogger } from '../../common/logger.js';
import { indexNames, type IndexNames } from '../../common/contract/index-names.js';
import { runTenant, type RunMode, type TenantRunReport } from '../../indexer/sync/tenant-run.js';

export interface HarnessOptions {
  tenant?: string;
  /** Share one prefix between harnesses to put several tenants side by side. */
  prefix?: string;
  products?: ProductInput[];
  pageSize?: number;
  /** Both the API's limit and the indexer's budget (unless `indexerRateLimit` differs). */
  rateLimit?: { requests: number; windowMs: number };
  indexerRateLimit?: { requests: number; windowMs: number };
  clock?: () => number;
  env?: Record<string, string>;
  /** The indexer talks to Elasticsearch here (e.g. through a proxy); checks still use the cluster directly. */
  indexerElasticsearchUrl?: string;
  /** Another cluster than the suite's (e.g. several local nodes, comma-separated). */
  elasticsearchUrl?: string;
}

export interface IndexedProduct {
  id: string;
  name: string;
  price: number | null;
  date_modified: string;
  [field: string]: unknown;
}

export const uniquePrefix = () => `t${randomBytes(5).toString('hex')}`;

export class IndexerHarness {
  readonly tenant: string;
  readonly graphqlSecret = `gql-${randomBytes(8).toString('hex')}`;
  readonly tenantSecret = `tenant-${randomBytes(8).toString('hex')}`;
  readonly prefix: string;
  readonly names: IndexNames;
  readonly api: CommerceApi;
  readonly es: Client;
  config!: IndexerConfig;
  private readonly logger = createLogger('indexer-test');

  constructor(private readonly options: HarnessOptions = {}) {
    this.tenant = options.tenant ?? 'acme';
    this.prefix = options.prefix ?? uniquePrefix();
    this.names = indexNames(this.prefix, this.tenant);
    const apiOptions: CommerceApiOptions = {
      graphqlSecret: this.graphqlSecret,
      tenants: {
        [this.tenant]: { secret: this.tenantSecret, products: options.products ?? [], ...(options.clock ? { clock: options.clock } : {}) },
      },
      rateLimit: options.rateLimit ?? { requests: 10_000, windowMs: 60_000 },
    };
    this.api = new CommerceApi(apiOptions);
    this.es = createElasticsearchClient({
      url: options.elasticsearchUrl ?? (process.env.ELASTICSEARCH_URL as string),
      apiKey: process.env.ELASTICSEARCH_API_KEY,
      username: process.env.ELASTICSEARCH_USERNAME,
      password: process.env.ELASTICSEARCH_PASSWORD,
      requestTimeoutMs: 30_000,
      maxRetries: 1,
    });
  }

  get source(): TenantState {
    return this.api.tenant(this.tenant);
  }

  async start(): Promise<this> {
    const url = await this.api.listen();
    const limit = this.options.indexerRateLimit ?? this.options.rateLimit ?? { requests: 10_000, windowMs: 60_000 };
    this.config = loadIndexerConfig({
      ELASTICSEARCH_URL: this.options.indexerElasticsearchUrl ?? this.options.elasticsearchUrl ?? process.env.ELASTICSEARCH_URL,
      ELASTICSEARCH_API_KEY: process.env.ELASTICSEARCH_API_KEY,
      ELASTICSEARCH_USERNAME: process.env.ELASTICSEARCH_USERNAME,
      ELASTICSEARCH_PASSWORD: process.env.ELASTICSEARCH_PASSWORD,
      COMMERCE_GRAPHQL_URL: `${url}/graphql`,
      COMMERCE_GRAPHQL_SECRET: this.graphqlSecret,
      COMMERCE_TENANT_SECRETS: JSON.stringify({ [this.tenant]: this.tenantSecret }),
      INDEX_PREFIX: this.prefix,
      COMMERCE_PAGE_SIZE: String(this.options.pageSize ?? 50),
      COMMERCE_RATE_LIMIT_REQUESTS: String(limit.requests),
      COMMERCE_RATE_LIMIT_WINDOW_SECONDS: String(Math.max(1, Math.round(limit.windowMs / 1000))),
      COMMERCE_REQUEST_TIMEOUT_MS: '2000',
      COMMERCE_MAX_RETRIES: '1',
      SYNC_OVERLAP_SECONDS: '5',
      BULK_RETRIES: '1',
      ...this.options.env,
    });
    return this;
  }

  /** The client the indexer uses (through `indexerElasticsearchUrl` when set). */
  private indexerEs?: Client;

  run(mode: RunMode = 'scheduled', options: { deadline?: number; tenantSecret?: string; signal?: AbortSignal; es?: Client } = {}): Promise<TenantRunReport> {
    const secrets = { graphqlSecret: this.graphqlSecret, tenantSecrets: { [this.tenant]: options.tenantSecret ?? this.tenantSecret } };
    this.indexerEs ??= this.options.indexerElasticsearchUrl ? createElasticsearchClient(this.config.elasticsearch) : this.es;
    return runTenant({ config: this.config, es: options.es ?? this.indexerEs, secrets, logger: this.logger }, this.tenant, {
      mode,
      deadline: options.deadline,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** Every document behind the tenant's alias, by id. */
  async indexed(): Promise<Map<string, IndexedProduct>> {
    await this.es.indices.refresh({ index: this.names.productsAlias });
    const response = await this.es.search<IndexedProduct>({ index: this.names.productsAlias, size: 10_000, query: { match_all: {} } });
    return new Map(response.hits.hits.map((hit) => [hit._id as string, hit._source as IndexedProduct]));
  }

  /** The tenant's stored sync state (watermark, reindex checkpoint, lock). */
  async syncState(): Promise<SyncState | undefined> {
    const doc = await this.es.get<{ state: SyncState }>({ index: this.names.stateIndex, id: `sync:${this.tenant}` }, { ignore: [404] });
    return doc._source?.state;
  }

  /** Product page requests the API answered (not id sweeps, not refused ones). */
  pageRequests(): RequestRecord[] {
    return this.source.requests.filter((r) => r.status !== 429 && r.variables?.ids === undefined && 'modifiedSince' in (r.variables ?? {}));
  }

  async liveIndex(): Promise<string | undefined> {
    const exists = await this.es.indices.existsAlias({ name: this.names.productsAlias });
    if (!exists) return undefined;
    return Object.keys(await this.es.indices.getAlias({ name: this.names.productsAlias }))[0];
  }

  async close(): Promise<void> {
    await this.api.close();
    const indices = Object.keys(await this.es.indices.get({ index: `${this.prefix}-*`, allow_no_indices: true }));
    if (indices.length > 0) await this.es.indices.delete({ index: indices });
    if (this.indexerEs && this.indexerEs !== this.es) await this.indexerEs.close();
    await this.es.close();
  }
}

/** The source's active products as the index should mirror them: id → {name, price, date_modified}. */
export function expectedFromSource(state: TenantState): Map<string, { name: string; price: number | null; date_modified: string }> {
  return new Map(
    state.catalog
      .all()
      .filter((p) => p.active)
      .map((p) => [p.id, { name: p.name, price: p.price, date_modified: p.dateModified }]),
  );
}

export function mirrorOf(indexed: Map<string, IndexedProduct>): Map<string, { name: string; price: number | null; date_modified: string }> {
  return new Map([...indexed].map(([id, doc]) => [id, { name: doc.name, price: doc.price, date_modified: doc.date_modified }]));
}

/**
 * The index equals the source: the same ids (each once) and, per document, a
 * content hash equal to that of the document the source product should give.
 * Returns the differences (empty when equal) so a failure says which ids.
 */
export async function differencesFromSource(h: IndexerHarness): Promise<{ missing: string[]; extra: string[]; stale: string[]; duplicates: number }> {
  await h.es.indices.refresh({ index: h.names.productsAlias });
  const response = await h.es.search<Record<string, unknown>>({ index: h.names.productsAlias, size: 10_000, query: { match_all: {} } });
  const hits = response.hits.hits;
  const indexed = new Map(hits.map((hit) => [hit._id as string, hit._source as Record<string, unknown>]));
  const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value, Object.keys(value as object).sort())).digest('hex');
  const expected = new Map<string, string>();
  for (const source of h.source.catalog.all()) {
    const action = toAction(source);
    if (action.kind !== 'index') continue;
    const { name_norm, description_norm, brand_norm, class_norm, category_norm, exact_norm, suggest, ...stored } = action.document;
    expected.set(action.id, hash(stored));
  }
  return {
    missing: [...expected.keys()].filter((id) => !indexed.has(id)),
    extra: [...indexed.keys()].filter((id) => !expected.has(id)),
    stale: [...expected].filter(([id, digest]) => indexed.has(id) && hash(indexed.get(id)) !== digest).map(([id]) => id),
    duplicates: hits.length - indexed.size,
  };
}

export const NO_DIFFERENCES = { missing: [], extra: [], stale: [], duplicates: 0 };

export function product(id: number | string, overrides: Partial<ProductInput> = {}): ProductInput {
  return {
    id: String(id),
    sku: `SKU-${id}`,
    name: `test product ${id}`,
    description: null,
    price: 10 + Number(id),
    currency: 'USD',
    categoryPath: ['Furniture', 'Living Room Furniture', 'Sofas'],
    productClass: ['Sofas'],
    brand: null,
    imageUrl: null,
    attributes: [],
    ...overrides,
  };
}

export function products(count: number, start = 1): ProductInput[] {
  return Array.from({ length: count }, (_, i) => product(start + i));
}
