/**
 * Indexer configuration: parsed once, typed, and failing fast with the name of
 * the variable that is wrong. Secrets come from the environment locally, or
 * by reference from an SSM SecureString parameter in AWS (never from the
 * CloudFormation template).
 */
import * as z from 'zod/mini';
import { DEFAULT_ANALYTICS_RETENTION_DAYS } from '../common/contract/analytics.js';
import type { Language } from '../common/text/languages.js';
import { elasticsearchEnv, elasticsearchSettings, type ElasticsearchSettings } from './sink/elasticsearch-client.js';
import { ConfigError, httpUrl, indexPrefix, tenantLanguages, intInRange, jsonValue, parseEnv, positiveInt, tenantId, tenantList, withDefault } from '../common/env.js';

const tenantSecrets = z.record(tenantId, z.string().check(z.minLength(1, 'tenant secret is empty')));

const indexerEnv = z.object({
  ...elasticsearchEnv,
  INDEX_PREFIX: indexPrefix,
  APP_LOAD_BALANCER_URL: z.optional(httpUrl),
  COMMERCE_GRAPHQL_URL: z.optional(httpUrl),
  COMMERCE_GRAPHQL_SECRET: z.optional(z.string()),
  COMMERCE_TENANT_SECRETS: z.optional(jsonValue(tenantSecrets)),
  COMMERCE_SECRETS_PARAMETER: z.optional(z.string().check(z.startsWith('/', 'must be an SSM parameter name starting with "/"'))),
  INDEXER_TENANTS: z.optional(tenantList),
  COMMERCE_PAGE_SIZE: withDefault(positiveInt(10_000), 1000),
  COMMERCE_RATE_LIMIT_REQUESTS: withDefault(positiveInt(100_000), 100),
  COMMERCE_RATE_LIMIT_WINDOW_SECONDS: withDefault(positiveInt(86_400), 300),
  /** Percent of each rate window the reconciliation and verification sweeps may use: the rest stays for incremental syncs. */
  SWEEP_RATE_PERCENT: withDefault(intInRange(1, 100), 25),
  /** Days of search analytics kept (whole months are deleted once they are all older). */
  ANALYTICS_RETENTION_DAYS: withDefault(intInRange(1, 3650), DEFAULT_ANALYTICS_RETENTION_DAYS),
  /** Learned query suggestions: searches a query needs in 30 days, and the results its searches must average. */
  QUERY_SUGGESTIONS_MIN_SEARCHES: withDefault(intInRange(1, 1_000_000), 5),
  QUERY_SUGGESTIONS_MIN_HITS: withDefault(intInRange(0, 1_000_000), 1),
  /** Click-aware ranking: days after which a shopper's clicks count half, and the shoppers a query needs before it re-ranks. */
  CLICK_RANKING_HALF_LIFE_DAYS: withDefault(intInRange(1, 365), 7),
  CLICK_RANKING_MIN_SHOPPERS: withDefault(intInRange(1, 1_000_000), 10),
  COMMERCE_REQUEST_TIMEOUT_MS: withDefault(positiveInt(300_000), 20_000),
  COMMERCE_MAX_RETRIES: withDefault(intInRange(0, 10), 2),
  SYNC_OVERLAP_SECONDS: withDefault(intInRange(0, 86_400), 120),
  INDEXER_LOCK_TTL_SECONDS: withDefault(positiveInt(86_400), 120),
  INDEXER_TENANT_CONCURRENCY: withDefault(positiveInt(16), 2),
  BULK_CONCURRENCY: withDefault(positiveInt(16), 2),
  BULK_FLUSH_BYTES: withDefault(positiveInt(100 * 1024 * 1024), 5 * 1024 * 1024),
  BULK_RETRIES: withDefault(intInRange(0, 20), 5),
  /** Failed attempts after which a failed item is quarantined (reported, retried hourly, never failing a run). */
  FAILED_ITEM_MAX_ATTEMPTS: withDefault(intInRange(1, 1_000), 5),
  TENANT_LANGUAGES: tenantLanguages,
  INDEX_SHARDS: z.optional(intInRange(1, 64)),
  INDEX_REPLICAS: z.optional(intInRange(0, 5)),
});

export interface CommerceSecrets {
  graphqlSecret: string;
  tenantSecrets: Record<string, string>;
  /** Optional: an Elasticsearch API key kept with the other secrets instead of ELASTICSEARCH_API_KEY. */
  elasticsearchApiKey?: string | undefined;
}

export interface IndexerConfig {
  elasticsearch: ElasticsearchSettings;
  indexPrefix: string;
  /** ANALYTICS_RETENTION_DAYS. */
  analyticsRetentionDays: number;
  /** QUERY_SUGGESTIONS_MIN_SEARCHES / QUERY_SUGGESTIONS_MIN_HITS. */
  querySuggestions: { minSearches: number; minHits: number };
  /** CLICK_RANKING_HALF_LIFE_DAYS / CLICK_RANKING_MIN_SHOPPERS. */
  clickRanking: { halfLifeDays: number; minShoppers: number };
  commerce: {
    endpoint: string;
    pageSize: number;
    /** sweepShare: SWEEP_RATE_PERCENT as a fraction. */
    rateLimit: { requests: number; windowMs: number; sweepShare: number };
    requestTimeoutMs: number;
    maxRetries: number;
  };
  /** Secrets given directly in the environment (local), else undefined and read from `secretsParameter`. */
  secrets: CommerceSecrets | undefined;
  secretsParameter: string | undefined;
  /** Tenants to sync; undefined: every tenant that has a secret. */
  tenants: string[] | undefined;
  tenantConcurrency: number;
  overlapMs: number;
  lockTtlMs: number;
  /** FAILED_ITEM_MAX_ATTEMPTS. */
  failedItemMaxAttempts: number;
  bulk: { concurrency: number; flushBytes: number; retries: number; retryWaitMs: number };
  /** tenant → language (en when not named). */
  languages: ReadonlyMap<string, Language>;
  /** Shards and replicas of new product indices (default: mappings/products.json: 1 shard, 0-1 replicas). */
  productIndex: { shards?: number | undefined; replicas?: number | undefined };
}

export function loadIndexerConfig(env: NodeJS.ProcessEnv = process.env): IndexerConfig {
  const parsed = parseEnv(indexerEnv, env);
  // The platform's internal load balancer keeps traffic inside the VPC; COMMERCE_GRAPHQL_URL overrides it.
  const endpoint =
    parsed.COMMERCE_GRAPHQL_URL ??
    (parsed.APP_LOAD_BALANCER_URL ? `${parsed.APP_LOAD_BALANCER_URL.replace(/\/+$/, '')}/graphql` : undefined);
  if (!endpoint) {
    throw new ConfigError('Invalid configuration. APP_LOAD_BALANCER_URL or COMMERCE_GRAPHQL_URL: one of them is required');
  }
  const direct = parsed.COMMERCE_GRAPHQL_SECRET !== undefined || parsed.COMMERCE_TENANT_SECRETS !== undefined;
  if (direct && (parsed.COMMERCE_GRAPHQL_SECRET === undefined || parsed.COMMERCE_TENANT_SECRETS === undefined)) {
    throw new ConfigError(
      'Invalid configuration. COMMERCE_GRAPHQL_SECRET and COMMERCE_TENANT_SECRETS: set both, or neither and COMMERCE_SECRETS_PARAMETER',
    );
  }
  if (!direct && !parsed.COMMERCE_SECRETS_PARAMETER) {
    throw new ConfigError(
      'Invalid configuration. COMMERCE_SECRETS_PARAMETER: required when COMMERCE_GRAPHQL_SECRET and COMMERCE_TENANT_SECRETS are not set',
    );
  }
  const elasticsearch = elasticsearchSettings(parsed);
  // A renewal is one Elasticsearch write: the lock must outlive a few of them timing out in a row, or a run
  // could go on writing after its lock expired unnoticed.
  if (parsed.INDEXER_LOCK_TTL_SECONDS * 1000 < 3 * elasticsearch.requestTimeoutMs) {
    throw new ConfigError(
      `Invalid configuration. INDEXER_LOCK_TTL_SECONDS: must be at least three Elasticsearch request timeouts (ELASTICSEARCH_REQUEST_TIMEOUT_MS ${elasticsearch.requestTimeoutMs} ms → at least ${Math.ceil((3 * elasticsearch.requestTimeoutMs) / 1000)} s)`,
    );
  }
  return {
    elasticsearch,
    indexPrefix: parsed.INDEX_PREFIX,
    analyticsRetentionDays: parsed.ANALYTICS_RETENTION_DAYS,
    querySuggestions: { minSearches: parsed.QUERY_SUGGESTIONS_MIN_SEARCHES, minHits: parsed.QUERY_SUGGESTIONS_MIN_HITS },
    clickRanking: { halfLifeDays: parsed.CLICK_RANKING_HALF_LIFE_DAYS, minShoppers: parsed.CLICK_RANKING_MIN_SHOPPERS },
    commerce: {
      endpoint,
      pageSize: parsed.COMMERCE_PAGE_SIZE,
      rateLimit: {
        requests: parsed.COMMERCE_RATE_LIMIT_REQUESTS,
        windowMs: parsed.COMMERCE_RATE_LIMIT_WINDOW_SECONDS * 1000,
        sweepShare: parsed.SWEEP_RATE_PERCENT / 100,
      },
      requestTimeoutMs: parsed.COMMERCE_REQUEST_TIMEOUT_MS,
      maxRetries: parsed.COMMERCE_MAX_RETRIES,
    },
    secrets: direct
      ? { graphqlSecret: parsed.COMMERCE_GRAPHQL_SECRET as string, tenantSecrets: parsed.COMMERCE_TENANT_SECRETS ?? {} }
      : undefined,
    secretsParameter: parsed.COMMERCE_SECRETS_PARAMETER,
    tenants: parsed.INDEXER_TENANTS,
    tenantConcurrency: parsed.INDEXER_TENANT_CONCURRENCY,
    overlapMs: parsed.SYNC_OVERLAP_SECONDS * 1000,
    lockTtlMs: parsed.INDEXER_LOCK_TTL_SECONDS * 1000,
    failedItemMaxAttempts: parsed.FAILED_ITEM_MAX_ATTEMPTS,
    productIndex: { shards: parsed.INDEX_SHARDS, replicas: parsed.INDEX_REPLICAS },
    languages: new Map(Object.entries(parsed.TENANT_LANGUAGES ?? {})),
    bulk: {
      concurrency: parsed.BULK_CONCURRENCY,
      flushBytes: parsed.BULK_FLUSH_BYTES,
      retries: parsed.BULK_RETRIES,
      retryWaitMs: 2_000,
    },
  };
}

const secretsDocument = z.object({ graphqlSecret: z.string().check(z.minLength(1)), tenantSecrets, elasticsearchApiKey: z.optional(z.string().check(z.minLength(1))) });

/** The secrets, from the environment or from the SSM parameter: read on the first run, then cached for 5 minutes (a rotated secret is picked up without a redeploy). */
export async function resolveSecrets(config: IndexerConfig): Promise<CommerceSecrets> {
  if (config.secrets) return config.secrets;
  const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');
  const name = config.secretsParameter as string;
  const raw = await getParameter(name, { decrypt: true, maxAge: 300 });
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    throw new ConfigError(`COMMERCE_SECRETS_PARAMETER: parameter ${name} is not JSON {"graphqlSecret", "tenantSecrets"}`);
  }
  const result = secretsDocument.safeParse(parsed);
  if (!result.success) {
    throw new ConfigError(
      `COMMERCE_SECRETS_PARAMETER: parameter ${name} must hold {"graphqlSecret": "…", "tenantSecrets": {"<tenant>": "…"}, "elasticsearchApiKey"?: "…"}`,
    );
  }
  return result.data;
}
