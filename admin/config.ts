/**
 * The admin API's configuration: parsed once, typed, failing fast with the
 * variable's name. ADMIN_KEYS holds only hashes of the keys (see
 * core/keys.ts); `npm run admin-key` makes a key and its hash.
 */
import * as z from 'zod/mini';
import { elasticsearchConnection, elasticsearchConnectionEnv, indexPrefix, jsonValue, parseEnv, positiveInt, searchSynonyms, tenantId, tenantLanguages, withDefault, type ElasticsearchConnection } from '../common/env.js';
import type { SynonymGroups } from '../common/text/synonyms.js';
import type { Language } from '../common/text/languages.js';
import type { AdminKey } from './core/keys.js';
import { readApiKeyParameter } from '../common/ssm-key.js';

const adminKey = z.object({
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be the key\'s SHA-256 in lower-case hex (npm run admin-key prints it)')),
});

const adminEnv = z.object({
  // The admin key writes the settings indices only, and reads products and lexicons (the preview searches).
  ...elasticsearchConnectionEnv,
  ELASTICSEARCH_REQUEST_TIMEOUT_MS: withDefault(positiveInt(60_000), 10_000),
  INDEX_PREFIX: indexPrefix,
  /** JSON {"<tenant>": [{"label": "…", "sha256": "…"}, …]}: several keys per tenant while one is rotated. */
  // The preview searches as the search function does: the same deployment synonyms and languages.
  SEARCH_SYNONYMS: searchSynonyms,
  TENANT_LANGUAGES: tenantLanguages,
  ADMIN_KEYS: jsonValue(z.record(tenantId, z.array(adminKey).check(z.maxLength(10, 'at most 10 keys per tenant')))),
});

export interface AdminConfig {
  elasticsearch: ElasticsearchConnection & { requestTimeoutMs: number };
  indexPrefix: string;
  keys: ReadonlyMap<string, readonly AdminKey[]>;
  /** SEARCH_SYNONYMS and TENANT_LANGUAGES, as search reads them: a preview must rank as search will. */
  synonymGroups: ReadonlyMap<string, SynonymGroups>;
  languages: ReadonlyMap<string, Language>;
}

export function loadAdminConfig(env: NodeJS.ProcessEnv = process.env): AdminConfig {
  const parsed = parseEnv(adminEnv, env);
  return {
    elasticsearch: { ...elasticsearchConnection(parsed), requestTimeoutMs: parsed.ELASTICSEARCH_REQUEST_TIMEOUT_MS },
    indexPrefix: parsed.INDEX_PREFIX,
    keys: new Map(Object.entries(parsed.ADMIN_KEYS)),
    synonymGroups: new Map(Object.entries(parsed.SEARCH_SYNONYMS ?? {})),
    languages: new Map(Object.entries(parsed.TENANT_LANGUAGES ?? {})),
  };
}

/** The configuration with the Elasticsearch key read from ELASTICSEARCH_API_KEY_PARAMETER, when set (once per cold start). */
export async function withAdminKey(config: AdminConfig): Promise<AdminConfig> {
  const name = config.elasticsearch.apiKeyParameter;
  if (!name) return config;
  return { ...config, elasticsearch: { ...config.elasticsearch, apiKey: await readApiKeyParameter('ELASTICSEARCH_API_KEY_PARAMETER', name) } };
}
