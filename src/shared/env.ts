/**
 * Typed configuration from environment variables, parsed once at cold start.
 * A missing or invalid variable stops the process with a message naming it.
 */
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<Shape>> {
  // Empty strings mean "unset": serverless.yml and shells often pass "" for absent parameters.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = z.object(shape).safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const missing = issue.path.length === 1 && present[String(issue.path[0])] === undefined;
    return `${variable}: ${missing ? 'is required' : issue.message}`;
  });
  throw new ConfigError(`Invalid configuration. ${problems.join('; ')}`);
}

/** "true"/"1"/"yes" and "false"/"0"/"no", case-insensitive. */
export const booleanFlag = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(['true', '1', 'yes', 'false', '0', 'no']))
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const positiveInt = (max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().positive().max(max);

export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** A tenant id doubles as part of index names, so it is held to Elasticsearch's rules. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,47}$/;
export const tenantId = z.string().regex(TENANT_ID_PATTERN, 'must be 1-48 characters of a-z, 0-9, "_" or "-"');

/** A JSON-encoded value inside one variable, validated by `schema`. */
export function jsonValue<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** Prefix of every index and alias name, shared by the indexer and the search route. */
export const indexPrefix = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be 1-32 characters of a-z, 0-9, "_" or "-"')
  .default('commerce');

/** A comma-separated list of tenant ids. */
export const tenantList = z
  .string()
  .transform((list) => list.split(',').map((t) => t.trim()).filter(Boolean))
  .pipe(z.array(tenantId).min(1, 'must name at least one tenant'));
