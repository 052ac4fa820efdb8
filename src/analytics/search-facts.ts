/**
 * Pure: what a route's answer says about the searches it ran, for the
 * recorder (carried beside the answer: src/http/answer-facts.ts). The HTTP
 * layer adds the tenant, the time, the latency and the hashed user token.
 */
import { hashUserToken, type SearchRecord } from '../../common/contract/analytics.js';
import type { ChosenFilters } from '../merchandising/chosen-filters.js';

export type SearchFacts = Omit<SearchRecord, 'tenant' | 'at' | 'latency_ms' | 'user'> & { userToken: string | null };

/** `field:value` for every filter value chosen. */
export function filterList(chosen: ChosenFilters): string[] {
  return [...chosen].flatMap(([field, values]) => [...values].map((value) => `${field}:${value}`)).slice(0, 50);
}

/** The query as reports group it: trimmed, spaces collapsed, lower-cased. */
export const reportQuery = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase().slice(0, 200);

export function toSearchRecord(tenant: string, facts: SearchFacts, latencyMs: number, now: number): SearchRecord {
  const { userToken, ...rest } = facts;
  return { ...rest, tenant, at: new Date(now).toISOString(), latency_ms: Math.round(latencyMs * 100) / 100, user: userToken ? hashUserToken(tenant, userToken) : null };
}
