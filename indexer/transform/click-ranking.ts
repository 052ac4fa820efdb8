/**
 * Pure: click-aware ranking learned from searches and the clicks and
 * conversions that followed them (joined by queryID). For each query, the
 * products shoppers chose more often than their positions predict get a
 * lift; the others get none (nothing is buried).
 *
 * - Position bias: how often a shown product is clicked at each position is
 *   measured over every query of the tenant (smoothed toward 1/position), and
 *   a product's expected clicks are the sum over the searches that showed it
 *   of that rate at its position, scaled to the query's own click volume
 *   (clicks over expected clicks, as in Chapelle and Zhang's COEC).
 * - One voice per shopper: a user token counts once per query, however many
 *   searches and clicks it sends (its latest search's weight, its best
 *   interaction: a conversion is worth two clicks), and a product needs
 *   `minClickers` different shoppers before it can be lifted. A click on a
 *   product the search did not show counts for nothing.
 * - Decay: a shopper's voice halves every `halfLifeDays`.
 * - Gentle and capped: the lift (smoothed by `priorClicks` on both sides)
 *   becomes a score factor that approaches `maxLift` and never exceeds it.
 */
import type { ClickLift } from '../../common/contract/click-ranking.js';
import type { Language } from '../../common/text/languages.js';
import { normalizeText } from '../../common/text/normalize.js';

/** A recorded search that showed products (its queryID is what events refer to). */
export interface ShownSearch {
  queryId: string;
  query: string;
  /** Hashed user token; null: an anonymous search (its own shopper). */
  user: string | null;
  /** Epoch ms. */
  at: number;
  /** Position of the first hit minus one (page × hitsPerPage). */
  offset: number;
  hitIds: readonly string[];
}

/** A click or conversion after a search. */
export interface ShopperChoice {
  queryId: string;
  type: 'click' | 'conversion';
  objectIds: readonly string[];
}

export interface ClickModel {
  halfLifeDays: number;
  /** Different shoppers a query needs before any of its products is lifted. */
  minShoppers: number;
  /** Different shoppers who must have chosen a product before it is lifted. */
  minClickers: number;
  /** Positions read (deeper ones are rarely examined and carry little evidence). */
  maxPosition: number;
  /** Smoothing: pseudo-clicks added to both observed and expected clicks. */
  priorClicks: number;
  maxLift: number;
  maxQueries: number;
  maxLiftsPerQuery: number;
}

export const DEFAULT_CLICK_MODEL: ClickModel = {
  halfLifeDays: 7,
  minShoppers: 10,
  minClickers: 3,
  maxPosition: 20,
  priorClicks: 2,
  maxLift: 1.25,
  maxQueries: 2_000,
  maxLiftsPerQuery: 20,
};

const DAY_MS = 86_400_000;
/**
 * Impressions of a position worth as much as the 1/position prior: the rate at a position is the tenant's, over
 * every query, and one query's own clicks should barely move it (they are what is being judged against it).
 */
const POSITION_PRIOR_WEIGHT = 100;
/** A product is lifted only when chosen clearly more than its position predicts (noise is not a signal). */
const MIN_RATIO = 1.2;

/** One shopper's view of one query: where each product was shown to them (best position) and what they chose. */
interface Shopper {
  at: number;
  shownAt: Map<string, number>;
  /** 1 clicked, 2 converted. */
  chose: Map<string, number>;
}

function choicesBySearch(choices: readonly ShopperChoice[]): Map<string, Map<string, number>> {
  const bySearch = new Map<string, Map<string, number>>();
  for (const choice of choices) {
    const value = choice.type === 'conversion' ? 2 : 1;
    const chosen = bySearch.get(choice.queryId) ?? new Map<string, number>();
    for (const id of choice.objectIds) chosen.set(id, Math.max(chosen.get(id) ?? 0, value));
    bySearch.set(choice.queryId, chosen);
  }
  return bySearch;
}

/** Query (normalised) → shopper → what they saw and chose. */
function shoppersByQuery(searches: readonly ShownSearch[], choices: readonly ShopperChoice[], language: Language, model: ClickModel): Map<string, Map<string, Shopper>> {
  const chosenIn = choicesBySearch(choices);
  const byQuery = new Map<string, Map<string, Shopper>>();
  for (const search of searches) {
    const key = normalizeText(search.query, language);
    if (!key) continue;
    const shoppers = byQuery.get(key) ?? new Map<string, Shopper>();
    byQuery.set(key, shoppers);
    const who = search.user ?? `search:${search.queryId}`;
    const shopper = shoppers.get(who) ?? { at: search.at, shownAt: new Map<string, number>(), chose: new Map<string, number>() };
    shoppers.set(who, shopper);
    shopper.at = Math.max(shopper.at, search.at);
    const chosen = chosenIn.get(search.queryId);
    search.hitIds.forEach((id, i) => {
      const position = search.offset + i + 1;
      if (position > model.maxPosition) return;
      shopper.shownAt.set(id, Math.min(shopper.shownAt.get(id) ?? position, position));
      const value = chosen?.get(id) ?? 0;
      if (value > (shopper.chose.get(id) ?? 0)) shopper.chose.set(id, value);
    });
  }
  return byQuery;
}

/** Click-through by position over every query, smoothed toward overall × (1/position) shape. */
function positionClickRates(byQuery: Map<string, Map<string, Shopper>>, weight: (s: Shopper) => number, maxPosition: number): number[] {
  const shown = new Array<number>(maxPosition + 1).fill(0);
  const clicked = new Array<number>(maxPosition + 1).fill(0);
  for (const shoppers of byQuery.values()) {
    for (const shopper of shoppers.values()) {
      const w = weight(shopper);
      for (const [id, position] of shopper.shownAt) {
        shown[position] = (shown[position] as number) + w;
        if ((shopper.chose.get(id) ?? 0) > 0) clicked[position] = (clicked[position] as number) + w;
      }
    }
  }
  const totalShown = shown.reduce((a, b) => a + b, 0);
  const overall = totalShown > 0 ? clicked.reduce((a, b) => a + b, 0) / totalShown : 0;
  let harmonic = 0;
  for (let p = 1; p <= maxPosition; p++) harmonic += 1 / p;
  return shown.map((n, p) => {
    if (p === 0) return 0;
    const prior = (overall * maxPosition) / (harmonic * p);
    return ((clicked[p] as number) + POSITION_PRIOR_WEIGHT * prior) / (n + POSITION_PRIOR_WEIGHT);
  });
}

export interface LearnedClickRanking {
  queries: Map<string, ClickLift[]>;
  /** Shoppers (one per token and query) the lifts were learned from. */
  shoppers: number;
}

export function learnClickRanking(
  searches: readonly ShownSearch[],
  choices: readonly ShopperChoice[],
  language: Language,
  now: number,
  model: ClickModel = DEFAULT_CLICK_MODEL,
): LearnedClickRanking {
  const byQuery = shoppersByQuery(searches, choices, language, model);
  const weight = (shopper: Shopper) => 0.5 ** (Math.max(0, now - shopper.at) / (model.halfLifeDays * DAY_MS));
  const clickRate = positionClickRates(byQuery, weight, model.maxPosition);
  const learned: Array<{ key: string; evidence: number; lifts: ClickLift[] }> = [];
  let shopperCount = 0;
  for (const [key, shoppers] of byQuery) {
    shopperCount += shoppers.size;
    if (shoppers.size < model.minShoppers) continue;
    const products = new Map<string, { observed: number; expected: number; clickers: number }>();
    let evidence = 0;
    for (const shopper of shoppers.values()) {
      const w = weight(shopper);
      evidence += w;
      for (const [id, position] of shopper.shownAt) {
        const product = products.get(id) ?? { observed: 0, expected: 0, clickers: 0 };
        products.set(id, product);
        product.expected += w * (clickRate[position] as number);
        const value = shopper.chose.get(id) ?? 0;
        if (value > 0) {
          product.observed += w * value;
          product.clickers += 1;
        }
      }
    }
    const observed = [...products.values()].reduce((sum, p) => sum + p.observed, 0);
    const expected = [...products.values()].reduce((sum, p) => sum + p.expected, 0);
    if (observed === 0 || expected === 0) continue;
    // Expected clicks scaled to this query's own volume: a query clicked often overall lifts nothing by that alone.
    const scale = observed / expected;
    const lifts: ClickLift[] = [];
    for (const [id, p] of products) {
      if (p.clickers < model.minClickers) continue;
      const ratio = (p.observed + model.priorClicks) / (p.expected * scale + model.priorClicks);
      if (ratio < MIN_RATIO) continue;
      const factor = Math.round((1 + (model.maxLift - 1) * (1 - 1 / ratio)) * 1000) / 1000;
      if (factor > 1) lifts.push([id, Math.min(factor, model.maxLift)]);
    }
    if (lifts.length === 0) continue;
    lifts.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    learned.push({ key, evidence, lifts: lifts.slice(0, model.maxLiftsPerQuery) });
  }
  learned.sort((a, b) => b.evidence - a.evidence || (a.key < b.key ? -1 : 1));
  return { queries: new Map(learned.slice(0, model.maxQueries).map((q) => [q.key, q.lifts])), shoppers: shopperCount };
}
