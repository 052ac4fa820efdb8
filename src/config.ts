/**
 * Search route configuration, parsed once at cold start; a missing or
 * invalid variable stops the function with a message naming it.
 */
import { z } from 'zod';
import { httpUrl, indexPrefix, jsonValue, parseEnv, positiveInt, tenantId, tenantList } from './shared/env.js';
import { buildSynonymIndex, type SynonymIndex } from './text/synonyms.js';

const searchEnv = {
  ELASTICSEARCH_URL: httpUrl,
  ELASTICSEARCH_API_KEY: z.string().optional(),
  ELASTICSEARCH_USERNAME: z.string().optional(),
  ELASTICSEARCH_PASSWORD: z.string().optional(),
  INDEX_PREFIX: indexPrefix,
  SEARCH_TENANTS: tenantList,
  TENANT_HOSTS: jsonValue(z.record(z.string().min(1).max(253), tenantId)).optional(),
  SEARCH_SYNONYMS: jsonValue(z.record(tenantId, z.array(z.array(z.string().min(1).max(100)).min(2)).max(5000))).optional(),
  SEARCH_TIMEOUT_MS: positiveInt(29_000).default(2_500),
  SEARCH_RETRY_AFTER_SECONDS: positiveInt(3_600).default(2),
  CACHE_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(0),
  CACHE_S_MAXAGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  CACHE_STALE_WHILE_REVALIDATE_SECONDS: z.coerce.number().int().min(0).max(604_800).default(300),
  CORS_ALLOWED_ORIGINS: z.string().default('*'),
};

export interface SearchConfig {
  elasticsearch: { url: string; apiKey?: string | undefined; username?: string | undefined; password?: string | undefined };
  timeoutMs: number;
  retryAfterSeconds: number;
  indexPrefix: string;
  tenants: ReadonlySet<string>;
  /** Host header → tenant, for storefronts that cannot send X-Tenant-Id. */
  tenantHosts: ReadonlyMap<string, string>;
  synonyms: ReadonlyMap<string, SynonymIndex>;
  cache: { maxAge: number; sMaxAge: number; staleWhileRevalidate: number };
  /** '*' or a list of exact origins. */
  corsOrigins: '*' | ReadonlySet<string>;
}

export function loadSearchConfig(env: NodeJS.ProcessEnv = process.env): SearchConfig {
  const parsed = parseEnv(searchEnv, env);
  const origins = parsed.CORS_ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  return {
    elasticsearch: {
      url: parsed.ELASTICSEARCH_URL,
      apiKey: parsed.ELASTICSEARCH_API_KEY,
      username: parsed.ELASTICSEARCH_USERNAME,
      password: parsed.ELASTICSEARCH_PASSWORD,
    },
    timeoutMs: parsed.SEARCH_TIMEOUT_MS,
    retryAfterSeconds: parsed.SEARCH_RETRY_AFTER_SECONDS,
    indexPrefix: parsed.INDEX_PREFIX,
    tenants: new Set(parsed.SEARCH_TENANTS),
    tenantHosts: new Map(Object.entries(parsed.TENANT_HOSTS ?? {}).map(([host, tenant]) => [host.toLowerCase(), tenant])),
    synonyms: new Map(Object.entries(parsed.SEARCH_SYNONYMS ?? {}).map(([tenant, groups]) => [tenant, buildSynonymIndex(groups)])),
    cache: {
      maxAge: parsed.CACHE_MAX_AGE_SECONDS,
      sMaxAge: parsed.CACHE_S_MAXAGE_SECONDS,
      staleWhileRevalidate: parsed.CACHE_STALE_WHILE_REVALIDATE_SECONDS,
    },
    corsOrigins: origins.includes('*') ? '*' : new Set(origins),
  };
}
