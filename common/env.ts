/**
 * Typed configuration from environment variables, parsed once at cold start.
 * A missing or invalid variable stops the process with a message naming it.
 *
 * Built on zod/mini, the tree-shakable build of zod: the search Lambda's cold
 * start pays ~6 ms for it instead of ~22 ms for classic zod (bench/README).
 */
import * as z from 'zod/mini';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv<Schema extends z.ZodMiniObject>(schema: Schema, env: NodeJS.ProcessEnv = process.env): z.infer<Schema> {
  // Empty strings mean "unset": serverless.yml and shells often pass "" for absent parameters.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(environment)');
    const missing = present[variable] === undefined;
    const where = issue.path.length > 1 ? ` (at ${issue.path.slice(1).join('.')})` : '';
    return `${variable}: ${missing ? 'is required' : issue.message}${where}`;
  });
  throw new ConfigError(`Invalid configuration. ${problems.join('; ')}`);
}

/** A whole number in [min, max], from its decimal string. */
export const intInRange = (min: number, max: number) =>
  z.coerce.number({ error: `must be a whole number from ${min} to ${max}` }).check(
    z.int(`must be a whole number from ${min} to ${max}`),
    z.gte(min, `must be a whole number from ${min} to ${max}`),
    z.lte(max, `must be a whole number from ${min} to ${max}`),
  );

export const positiveInt = (max = Number.MAX_SAFE_INTEGER) => intInRange(1, max);

export const withDefault = <T extends z.ZodMiniType>(schema: T, value: z.output<T>) => z._default(schema, value as never);

export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** The URLs in a comma-separated list (a cluster's nodes). */
export function urlList(value: string): string[] {
  return value
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
}

/** One http(s) URL, or several comma-separated: the nodes a client may use, in order of preference. */
export const httpUrls = z.string().check(
  z.refine((value) => {
    const urls = urlList(value);
    return urls.length > 0 && urls.every((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol));
  }, 'must be an http(s) URL, or several separated by commas'),
);

/** A tenant id doubles as part of index names, so it is held to Elasticsearch's rules. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,47}$/;
export const tenantId = z.string().check(z.regex(TENANT_ID_PATTERN, 'tenant ids are 1-48 characters of a-z, 0-9, "_" or "-"'));

/** Prefix of every index and alias name, shared by the indexer and the search route. */
export const indexPrefix = z._default(
  z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be 1-32 characters of a-z, 0-9, "_" or "-"')),
  'commerce',
);

/** A comma-separated list of tenant ids. */
export const tenantList = z.pipe(
  z.pipe(
    z.string(),
    z.transform((list) => list.split(',').map((t) => t.trim()).filter(Boolean)),
  ),
  z.array(tenantId).check(z.minLength(1, 'must name at least one tenant')),
);

/** A JSON-encoded value inside one variable, validated by `schema`. */
export function jsonValue<T extends z.ZodMiniType>(schema: T) {
  return z.pipe(
    z.pipe(
      z.string(),
      z.transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'must be valid JSON', input: text });
          return undefined;
        }
      }),
    ),
    schema,
  );
}

/** TENANT_LANGUAGES: JSON {"<tenant>": "en" | "fi" | "sv"}; tenants not named are English. Read by the indexer and search alike. */
export const tenantLanguages = z.optional(
  jsonValue(z.record(tenantId, z.enum(['en', 'fi', 'sv'], { error: 'languages are "en", "fi" or "sv"' }))),
);

const synonymPhrase = z.string().check(z.minLength(1, 'synonyms must not be empty'), z.maxLength(100, 'synonyms are at most 100 characters'));

/** SEARCH_SYNONYMS: JSON {"<tenant>": [["sofa", "couch"], …]}, the deployment's synonyms, under each merchant's own (admin API). Read by search and the admin API's preview. */
export const searchSynonyms = z.optional(
  jsonValue(
    z.record(
      tenantId,
      z.array(z.array(synonymPhrase).check(z.minLength(2, 'a synonym group needs at least two phrases'))).check(z.maxLength(5000, 'at most 5000 synonym groups per tenant')),
    ),
  ),
);

/** Powertools Logger's levels; LOG_LEVEL is one of them, any case. */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL (default INFO), checked: a typo must not silently log at another level. */
export function logLevelFrom(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = (env.LOG_LEVEL ?? '').trim().toUpperCase() || 'INFO';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError(`Invalid configuration. LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')} (got "${raw.slice(0, 20)}")`);
  }
  return raw as LogLevel;
}

/**
 * METRICS_NAMESPACE (default CommerceSearch), checked against CloudWatch's rules: 1-255 characters of
 * letters, digits and . - _ / # :, not starting with "AWS/". A bad one would lose every metric silently.
 */
export function metricsNamespaceFrom(env: NodeJS.ProcessEnv = process.env): string {
  const raw = (env.METRICS_NAMESPACE ?? '').trim() || 'CommerceSearch';
  if (!/^[0-9A-Za-z.\-_/#:]{1,255}$/.test(raw) || raw.startsWith('AWS/')) {
    throw new ConfigError('Invalid configuration. METRICS_NAMESPACE: 1-255 characters of letters, digits and . - _ / # :, not starting with "AWS/"');
  }
  return raw;
}

/** How a Lambda reaches Elasticsearch (search, admin): the URL(s), and a key given directly or by SSM parameter, or a user. */
export const elasticsearchConnectionEnv = {
  ELASTICSEARCH_URL: httpUrls,
  ELASTICSEARCH_API_KEY: z.optional(z.string()),
  ELASTICSEARCH_USERNAME: z.optional(z.string()),
  ELASTICSEARCH_PASSWORD: z.optional(z.string()),
  /** AWS: an SSM SecureString holding the function's key, read once at cold start (common/ssm-key.ts). */
  ELASTICSEARCH_API_KEY_PARAMETER: z.optional(z.string().check(z.startsWith('/', 'must be an SSM parameter name starting with "/"'))),
};

export interface ElasticsearchConnection {
  url: string;
  apiKey?: string | undefined;
  apiKeyParameter?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

export function elasticsearchConnection(parsed: {
  ELASTICSEARCH_URL: string;
  ELASTICSEARCH_API_KEY?: string | undefined;
  ELASTICSEARCH_USERNAME?: string | undefined;
  ELASTICSEARCH_PASSWORD?: string | undefined;
  ELASTICSEARCH_API_KEY_PARAMETER?: string | undefined;
}): ElasticsearchConnection {
  return {
    url: parsed.ELASTICSEARCH_URL,
    apiKey: parsed.ELASTICSEARCH_API_KEY,
    apiKeyParameter: parsed.ELASTICSEARCH_API_KEY_PARAMETER,
    username: parsed.ELASTICSEARCH_USERNAME,
    password: parsed.ELASTICSEARCH_PASSWORD,
  };
}
