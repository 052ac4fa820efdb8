/**
 * Pure: per-tenant search API keys, as Algolia's search-only and secured
 * keys work. A tenant with no keys configured stays open (public demo
 * shops). A tenant with keys needs one on every InstantSearch request
 * (`x-algolia-api-key`), either
 *   - a search key itself (compared in constant time, through its SHA-256),
 *   - or a secured key made from one with the official client's
 *     generateSecuredApiKey: base64(HMAC-SHA256(key, restrictions) + restrictions),
 *     where the restrictions are search parameters (`filters`, which are
 *     AND'ed with the request's, and any other, which override the
 *     request's), `validUntil` (epoch seconds) and `restrictIndices`.
 * A forged, expired or unknown key is a 403, as Algolia answers.
 * The keys are HMAC secrets, so they are kept whole (in an SSM SecureString
 * when deployed, SEARCH_API_KEYS_PARAMETER), never logged or returned.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { estypes } from '@elastic/elasticsearch';
import { parseFiltersString } from '../instantsearch/filters.js';

export interface SearchKey {
  label: string;
  key: string;
}

export interface KeyRestrictions {
  /** Search parameters the key imposes (filters AND'ed, the rest overriding the request's). */
  params: Readonly<Record<string, string>>;
  /** Its `filters`, parsed once when the key is authorized (undefined: none), AND'ed with every search's. */
  filter: estypes.QueryDslQueryContainer | undefined;
  /** Index names (or `prefix*` patterns) the key may search; null: any. */
  restrictIndices: readonly string[] | null;
}

export type SearchAccess = { ok: true; label: string | null; restrictions: KeyRestrictions | null } | { ok: false; message: string };

const digest = (text: string) => createHash('sha256').update(text).digest();
const equalSecrets = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** Restrictions a secured key carries that are not search parameters. */
const KEY_ONLY = new Set(['validUntil', 'restrictIndices', 'restrictSources', 'referers']);

function restrictionsOf(query: string, now: number): KeyRestrictions | { expired: true } {
  const fields = new URLSearchParams(query);
  const validUntil = fields.get('validUntil');
  if (validUntil !== null && !(Number(validUntil) * 1000 > now)) return { expired: true };
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of fields) if (!KEY_ONLY.has(name)) params[name] = value;
  const indices = fields.get('restrictIndices');
  const filters = params.filters;
  return { params, filter: filters ? parseFiltersString(filters) : undefined, restrictIndices: indices ? indices.split(',').map((s) => s.trim()).filter(Boolean) : null };
}

export function authorizeSearch(presented: string | undefined, keys: readonly SearchKey[] | undefined, now = Date.now()): SearchAccess {
  if (!keys || keys.length === 0) return { ok: true, label: null, restrictions: null };
  const denied = { ok: false as const, message: 'Invalid Application-ID or API key: send this tenant\'s search API key (or a secured key made from it) as x-algolia-api-key' };
  if (!presented || presented.length > 8_192) return denied;
  // Every key is compared, so the time taken does not say which (or whether one) matched.
  let plain: SearchKey | undefined;
  for (const key of keys) if (equalSecrets(presented, key.key) && !plain) plain = key;
  if (plain) return { ok: true, label: plain.label, restrictions: null };
  const decoded = Buffer.from(presented, 'base64').toString('utf8');
  const signature = decoded.slice(0, 64);
  const query = decoded.slice(64);
  if (!/^[0-9a-f]{64}$/.test(signature)) return denied;
  let signer: SearchKey | undefined;
  for (const key of keys) if (equalSecrets(signature, createHmac('sha256', key.key).update(query).digest('hex')) && !signer) signer = key;
  if (!signer) return denied;
  const restrictions = restrictionsOf(query, now);
  if ('expired' in restrictions) return { ok: false, message: 'The secured API key has expired (validUntil is past): ask the storefront for a new one' };
  return { ok: true, label: signer.label, restrictions };
}

/** Whether a key restricted to `patterns` may search `indexName` (`prefix*` matches by prefix). */
export function indexAllowed(indexName: string, patterns: readonly string[] | null): boolean {
  if (!patterns) return true;
  return patterns.some((pattern) => (pattern.endsWith('*') ? indexName.startsWith(pattern.slice(0, -1)) : pattern === indexName));
}
