/**
 * Search analytics: what the search function records about each search and
 * each shopper event (Algolia Insights), where, and for how long. Written by
 * the search function (src/analytics/), kept by the indexer's schedule
 * (monthly indices older than the retention are deleted), read by reports.
 *
 * Privacy: a shopper's user token is stored only as a salted SHA-256 (the
 * salt is the tenant, so one shopper's tokens cannot be joined across
 * tenants); an IP address is never read.
 */
import { createHash } from 'node:crypto';

export const DEFAULT_ANALYTICS_RETENTION_DAYS = 90;

export type AnalyticsKind = 'searches' | 'events';

/** One search, as recorded. */
export interface SearchRecord {
  tenant: string;
  /** ISO time of the search. */
  at: string;
  /** The query as the shopper typed it, trimmed and lower-cased (reports group on it). */
  query: string;
  /** Algolia's queryID (clickAnalytics), which click and conversion events refer to. */
  query_id: string | null;
  total: number;
  page: number;
  hits_per_page: number;
  /** The first page's product ids, in order (position-bias and click-through need them). */
  hit_ids: string[];
  /** `field:value` of every filter chosen. */
  filters: string[];
  applied_rules: string[];
  latency_ms: number;
  /** hashUserToken(tenant, token), or null. */
  user: string | null;
  /** Which route: /search, or the InstantSearch index name. */
  source: string;
  analytics_tags: string[];
}

export type InsightsType = 'click' | 'conversion' | 'view';

/** One shopper event (Algolia Insights), as recorded. */
export interface EventRecord {
  tenant: string;
  at: string;
  type: InsightsType;
  /** addToCart or purchase, for conversions that say so. */
  subtype: string | null;
  name: string;
  index: string;
  object_ids: string[];
  /** 1-based positions of the objects in the results (clicks after a search). */
  positions: number[] | null;
  query_id: string | null;
  user: string;
  /** Revenue of a purchase: the sum of price × quantity − discount over objectData, or `value`. */
  value: number | null;
  currency: string | null;
}

/** A query suggestion learned from searches (the indexer builds them; /suggest and InstantSearch serve them). */
export interface QuerySuggestion {
  /** The most searched spelling of the query. */
  query: string;
  /** Lower-cased, for prefix matching as the shopper types. */
  query_lower: string;
  /** The query as the tenant's normaliser reads it: spellings and inflections that read alike are one suggestion. */
  normalized: string;
  searches: number;
  /** Average results of those searches. */
  hits: number;
  /** The product class most of its results are (where the suggestion leads). */
  category: string | null;
  built_at: string;
}

/** `<prefix>-query-suggestions-<tenant>`: rebuilt whole on the indexer's schedule. */
export function querySuggestionsIndex(prefix: string, tenant: string): string {
  return `${prefix}-query-suggestions-${tenant}`;
}

export const QUERY_SUGGESTION_MAPPINGS = {
  dynamic: false,
  properties: {
    query: { type: 'keyword' },
    query_lower: { type: 'keyword' },
    normalized: { type: 'keyword' },
    searches: { type: 'integer' },
    hits: { type: 'float' },
    category: { type: 'keyword' },
    built_at: { type: 'date' },
  },
} as const;

/** `<prefix>-analytics-<kind>-<tenant>-<yyyy>.<mm>`: one index per tenant, kind and month, so retention deletes whole indices. */
export function analyticsIndex(prefix: string, tenant: string, kind: AnalyticsKind, at: Date): string {
  const month = `${at.getUTCFullYear()}.${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
  return `${prefix}-analytics-${kind}-${tenant}-${month}`;
}

/** Every month of a tenant's analytics of one kind (reads, retention). */
export function analyticsPattern(prefix: string, tenant: string, kind: AnalyticsKind): string {
  return `${prefix}-analytics-${kind}-${tenant}-*`;
}

/** The month an analytics index holds (its first instant), or undefined for another name. */
export function analyticsIndexMonth(index: string): Date | undefined {
  const match = /-(\d{4})\.(\d{2})$/.exec(index);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) : undefined;
}

/** A user token as stored: salted with the tenant, hashed, never the token itself. */
export function hashUserToken(tenant: string, token: string): string {
  return createHash('sha256').update(`${tenant}\u0000${token}`).digest('hex').slice(0, 32);
}

/** The mapping both kinds of index get (an index template the indexer keeps, so the search function's writes create them right). */
export const ANALYTICS_MAPPINGS = {
  dynamic: false,
  properties: {
    tenant: { type: 'keyword' },
    at: { type: 'date' },
    query: { type: 'keyword' },
    query_id: { type: 'keyword' },
    total: { type: 'integer' },
    page: { type: 'integer' },
    hits_per_page: { type: 'integer' },
    hit_ids: { type: 'keyword' },
    filters: { type: 'keyword' },
    applied_rules: { type: 'keyword' },
    latency_ms: { type: 'float' },
    user: { type: 'keyword' },
    source: { type: 'keyword' },
    analytics_tags: { type: 'keyword' },
    type: { type: 'keyword' },
    subtype: { type: 'keyword' },
    name: { type: 'keyword' },
    index: { type: 'keyword' },
    object_ids: { type: 'keyword' },
    positions: { type: 'integer' },
    value: { type: 'double' },
    currency: { type: 'keyword' },
  },
} as const;
