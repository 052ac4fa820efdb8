/**
 * Pure: click-aware ranking applied to a search. The query's lifts (learned
 * by the indexer, common/contract/click-ranking.ts) become a second
 * rescorer that multiplies those products' scores: only products already in
 * the rescore window (they matched the words) can move, and only as far as
 * the factor reaches (at most MAX_CLICK_LIFT). Pinned products keep their
 * places, and another sort than relevance ignores clicks.
 */
import type { estypes } from '@elastic/elasticsearch';
import { MAX_CLICK_LIFT, type ClickLift } from '../../common/contract/click-ranking.js';
import { normalizeText } from '../../common/text/normalize.js';
import type { Language } from '../../common/text/languages.js';
import type { ClickRanking } from '../analytics/click-ranking-cache.js';

/** The lifts for what the shopper typed, read the way the indexer keyed them (so "sohvat" finds "sohva"'s). */
export function clickLiftsFor(ranking: ClickRanking, shopperQuery: string, language: Language): readonly ClickLift[] {
  return ranking.queries.size === 0 ? [] : (ranking.queries.get(normalizeText(shopperQuery, language)) ?? []);
}

/** The rescorer that multiplies each lifted product's score by its factor (capped again here: the document is data). */
export function clickRescorer(lifts: readonly ClickLift[], windowSize: number, excluded: ReadonlySet<string>): estypes.SearchRescore | undefined {
  // Products sharing a factor share one clause: fewer clauses for Elasticsearch to build.
  const byFactor = new Map<number, string[]>();
  for (const [id, factor] of lifts) {
    if (excluded.has(id) || !(factor > 1)) continue;
    const capped = Math.min(Math.round(factor * 1000) / 1000, MAX_CLICK_LIFT);
    byFactor.set(capped, [...(byFactor.get(capped) ?? []), id]);
  }
  if (byFactor.size === 0) return undefined;
  const should = [...byFactor].map(([factor, ids]) => ({ constant_score: { filter: { ids: { values: ids } }, boost: factor } }));
  // A product the rescore query does not match keeps its score (Elasticsearch multiplies only the matches).
  return { window_size: windowSize, query: { rescore_query: { bool: { should } }, query_weight: 1, rescore_query_weight: 1, score_mode: 'multiply' } };
}
