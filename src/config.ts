/**
 * Search route configuration, parsed once at cold start; a missing or
 * invalid variable stops the function with a message naming it.
 */
import * as z from 'zod/mini';
import { ConfigError, elasticsearchConnection, elasticsearchConnectionEnv, indexPrefix, searchSynonyms, tenantLanguages, intInRange, jsonValue, parseEnv, positiveInt, tenantId, tenantList, withDefault } from '../common/env.js';
import { readApiKeyParameter, readSecureParameter } from '../common/ssm-key.js';
import { buildSynonymIndex, type SynonymGroups, type SynonymIndex } from '../common/text/synonyms.js';
import type { Language } from '../common/text/languages.js';
import type { SearchKey } from './auth/search-keys.js';

/** FACET_SAMPLE_SIZE when unset: facets of a query expected to match over 20,000 products are counted over about 10,000. */
export const DEFAULT_FACET_SAMPLE_SIZE = 10_000;

const searchKey = z.object({
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  key: z.string().check(z.minLength(16, 'search keys are at least 16 characters'), z.maxLength(256)),
});

/** SEARCH_LEXICON_MAX_WORDS' default: about 370 MB of a 1,024 MB search function (37 MB per 100,000 words). */
export const DEFAULT_LEXICON_CACHE_WORDS = 1_000_000;

const searchEnv = z.object({
  // The search key is read-only.
  ...elasticsearchConnectionEnv,
  INDEX_PREFIX: indexPrefix,
  SEARCH_TENANTS: tenantList,
  TENANT_HOSTS: z.optional(jsonValue(z.record(z.string().check(z.maxLength(253, 'host names are at most 253 characters')), tenantId))),
  SEARCH_SYNONYMS: searchSynonyms,
  TENANT_LANGUAGES: tenantLanguages,
  SEARCH_TIMEOUT_MS: withDefault(positiveInt(29_000), 2_500),
  SEARCH_RETRY_AFTER_SECONDS: withDefault(positiveInt(3_600), 2),
  CACHE_MAX_AGE_SECONDS: withDefault(intInRange(0, 86_400), 0),
  CACHE_S_MAXAGE_SECONDS: withDefault(intInRange(0, 86_400), 60),
  CACHE_STALE_WHILE_REVALIDATE_SECONDS: withDefault(intInRange(0, 604_800), 300),
  CORS_ALLOWED_ORIGINS: withDefault(z.string(), '*'),
  /** JSON {"<tenant>": [{"label": "…", "key": "…"}]}: search API keys (src/auth/search-keys.ts); tenants not named stay open. Deployed: SEARCH_API_KEYS_PARAMETER. */
  SEARCH_API_KEYS: z.optional(jsonValue(z.record(tenantId, z.array(searchKey).check(z.maxLength(10, 'at most 10 search keys per tenant'))))),
  SEARCH_API_KEYS_PARAMETER: z.optional(z.string().check(z.maxLength(2048))),
  /** Search analytics (src/analytics/recorder.ts): "off" records nothing; the queue bounds what an outage can lose. */
  ANALYTICS: withDefault(z.enum(['on', 'off'], { error: 'must be "on" or "off"' }), 'on'),
  ANALYTICS_MAX_QUEUE: withDefault(intInRange(1, 100_000), 2_000),
  ANALYTICS_BATCH: withDefault(intInRange(1, 10_000), 100),
  ANALYTICS_MAX_WAIT_MS: withDefault(intInRange(0, 600_000), 1_000),
  /** Words the tenants' lexicons may hold together in one container; past it, the least recently used are dropped. */
  SEARCH_LEXICON_MAX_WORDS: withDefault(intInRange(1_000, 100_000_000), DEFAULT_LEXICON_CACHE_WORDS),
  /** How often a container checks for a newer click-aware ranking (the indexer rebuilds it with each hourly sweep). */
  CLICK_RANKING_REFRESH_SECONDS: withDefault(intInRange(1, 3_600), 60),
  /** Facets of a query matching more than twice this many products are counted over a random sample of about this many. */
  FACET_SAMPLE_SIZE: withDefault(intInRange(100, 10_000_000), DEFAULT_FACET_SAMPLE_SIZE),
});

export interface SearchConfig {
  elasticsearch: {
    url: string;
    apiKey?: string | undefined;
    /** Where to read `apiKey` from at cold start (AWS), instead of the environment. */
    apiKeyParameter?: string | undefined;
    username?: string | undefined;
    password?: string | undefined;
  };
  timeoutMs: number;
  retryAfterSeconds: number;
  indexPrefix: string;
  tenants: ReadonlySet<string>;
  /** Host header → tenant, for storefronts that cannot send X-Tenant-Id. */
  tenantHosts: ReadonlyMap<string, string>;
  synonyms: ReadonlyMap<string, SynonymIndex>;
  /** SEARCH_SYNONYMS as given: the merchant's synonyms (admin API) are added to them per tenant. */
  synonymGroups: ReadonlyMap<string, SynonymGroups>;
  /** tenant → language (en when not named), as the indexer reads it. */
  languages: ReadonlyMap<string, Language>;
  cache: { maxAge: number; sMaxAge: number; staleWhileRevalidate: number };
  /** '*' or a list of exact origins. */
  corsOrigins: '*' | ReadonlySet<string>;
  /** FACET_SAMPLE_SIZE (search-strategy.ts). */
  facetSampleSize: number;
  /** tenant → its search API keys (SEARCH_API_KEYS, or SEARCH_API_KEYS_PARAMETER at cold start); tenants not named stay open. */
  searchKeys: ReadonlyMap<string, readonly SearchKey[]>;
  /** Where to read `searchKeys` from at cold start (AWS). */
  searchKeysParameter?: string | undefined;
  /** null: analytics off. */
  analytics: { maxQueue: number; batch: number; maxWaitMs: number } | null;
  /** CLICK_RANKING_REFRESH_SECONDS, in ms. */
  clickRankingRefreshMs: number;
  /** SEARCH_LEXICON_MAX_WORDS. */
  lexiconMaxWords: number;
}

export function loadSearchConfig(env: NodeJS.ProcessEnv = process.env): SearchConfig {
  const parsed = parseEnv(searchEnv, env);
  const origins = parsed.CORS_ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  return {
    elasticsearch: elasticsearchConnection(parsed),
    timeoutMs: parsed.SEARCH_TIMEOUT_MS,
    retryAfterSeconds: parsed.SEARCH_RETRY_AFTER_SECONDS,
    indexPrefix: parsed.INDEX_PREFIX,
    tenants: new Set(parsed.SEARCH_TENANTS),
    tenantHosts: new Map(Object.entries(parsed.TENANT_HOSTS ?? {}).map(([host, tenant]) => [host.toLowerCase(), tenant])),
    synonyms: new Map(
      Object.entries(parsed.SEARCH_SYNONYMS ?? {}).map(([tenant, groups]) => [tenant, buildSynonymIndex(groups, parsed.TENANT_LANGUAGES?.[tenant] ?? 'en')]),
    ),
    synonymGroups: new Map(Object.entries(parsed.SEARCH_SYNONYMS ?? {})),
    languages: new Map(Object.entries(parsed.TENANT_LANGUAGES ?? {})),
    cache: {
      maxAge: parsed.CACHE_MAX_AGE_SECONDS,
      sMaxAge: parsed.CACHE_S_MAXAGE_SECONDS,
      staleWhileRevalidate: parsed.CACHE_STALE_WHILE_REVALIDATE_SECONDS,
    },
    corsOrigins: origins.includes('*') ? '*' : new Set(origins),
    facetSampleSize: parsed.FACET_SAMPLE_SIZE,
    clickRankingRefreshMs: parsed.CLICK_RANKING_REFRESH_SECONDS * 1000,
    lexiconMaxWords: parsed.SEARCH_LEXICON_MAX_WORDS,
    searchKeys: new Map(Object.entries(parsed.SEARCH_API_KEYS ?? {})),
    analytics: parsed.ANALYTICS === 'off' ? null : { maxQueue: parsed.ANALYTICS_MAX_QUEUE, batch: parsed.ANALYTICS_BATCH, maxWaitMs: parsed.ANALYTICS_MAX_WAIT_MS },
    // '' (serverless.yml's default): no keys, every tenant open.
    searchKeysParameter: parsed.SEARCH_API_KEYS_PARAMETER || undefined,
  };
}

/**
 * The configuration with the search key in place: read once at cold start
 * from ELASTICSEARCH_API_KEY_PARAMETER when set (an SSM SecureString holding
 * the encoded key, or JSON {"elasticsearchApiKey": "…"}); never per request.
 * A missing or unreadable parameter stops the cold start naming the variable,
 * never showing the value.
 */
export async function withSearchKey(config: SearchConfig): Promise<SearchConfig> {
  const name = config.elasticsearch.apiKeyParameter;
  const withKeys = config.searchKeysParameter ? { ...config, searchKeys: await readSearchKeysParameter(config.searchKeysParameter) } : config;
  if (!name) return withKeys;
  const apiKey = await readApiKeyParameter('ELASTICSEARCH_API_KEY_PARAMETER', name);
  return { ...withKeys, elasticsearch: { ...withKeys.elasticsearch, apiKey } };
}

/** SEARCH_API_KEYS_PARAMETER: the same JSON as SEARCH_API_KEYS, in an SSM SecureString (the keys are HMAC secrets). */
async function readSearchKeysParameter(name: string): Promise<ReadonlyMap<string, readonly SearchKey[]>> {
  const raw = await readSecureParameter('SEARCH_API_KEYS_PARAMETER', name);
  try {
    return loadSearchConfig({ ...SEARCH_KEYS_PROBE, SEARCH_API_KEYS: raw ?? '' }).searchKeys;
  } catch (error) {
    // Never the value: only what is wrong with it.
    throw new ConfigError(`SEARCH_API_KEYS_PARAMETER: parameter ${name} is not valid search keys JSON (${error instanceof Error ? error.message.replace(/^Invalid configuration\. /, '') : 'invalid'})`);
  }
}

/** The least configuration that parses, to check a parameter's keys with the one schema. */
const SEARCH_KEYS_PROBE = { ELASTICSEARCH_URL: 'http://localhost:9200', SEARCH_TENANTS: 'probe' };
