/**
 * Click-aware ranking (dynamic re-ranking): per query, the products shoppers
 * clicked and bought more than their positions predicted, each with the
 * factor its score is lifted by. The indexer learns them from search
 * analytics on its schedule (indexer/transform/click-ranking.ts) and writes
 * one document per tenant; search reads it into memory and multiplies the
 * listed products' scores within the rescore window (a product must match
 * the words to be there at all).
 */

/** `<prefix>-click-ranking-<tenant>`: one document (CLICK_RANKING_ID), rewritten whole on each build. */
export function clickRankingIndex(prefix: string, tenant: string): string {
  return `${prefix}-click-ranking-${tenant}`;
}

export const CLICK_RANKING_ID = 'current';

/** The most a product's score is multiplied by: it can pass only products that scored less than this much more than it. */
export const MAX_CLICK_LIFT = 1.25;

/** A product of a query's lifts: its id and the factor (1 < factor ≤ MAX_CLICK_LIFT). */
export type ClickLift = [productId: string, factor: number];

export interface ClickRankingDocument {
  built_at: string;
  /** How many recorded searches and events it was learned from (reported in status and the docs' numbers). */
  searches: number;
  events: number;
  /** Normalised query (common/text/normalize.ts normalizeText, as query suggestions key them) → its lifts. */
  queries: Record<string, ClickLift[]>;
}

/** Stored, never searched: `queries` is read whole by search. */
export const CLICK_RANKING_MAPPINGS = {
  dynamic: false,
  properties: {
    built_at: { type: 'date' },
    searches: { type: 'integer' },
    events: { type: 'integer' },
    queries: { type: 'object', enabled: false },
  },
} as const;
