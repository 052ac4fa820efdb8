/**
 * Pure: pinned products, lifted to the top of the ranking by the one query
 * (pinClauses) and placed at their positions on the first page (placePins).
 */
import type { estypes } from '@elastic/elasticsearch';
import type { Merchandising } from './rules.js';

type Query = estypes.QueryDslQueryContainer;

/** The pins a search applies: in relevance order only (a sort by price or name places every product by it). */
export function activePins(merchandising: Pick<Merchandising, 'pins'> | undefined, sort: string): Merchandising['pins'] {
  return sort === 'relevance' ? (merchandising?.pins ?? []) : [];
}

/** Pinned products outrank any text match (a match is worth at most a few hundred), the first pin the most. */
const PIN_BOOST = 1e6;

/** The clause that lifts pinned products to the top of the ranking, in pin order. */
export function pinClauses(pins: Merchandising['pins']): Query[] {
  return pins.map((pin, i) => ({ constant_score: { filter: { ids: { values: [pin.productId] } }, boost: PIN_BOOST - i } }));
}

/**
 * Pure: the first page with each pinned product moved from the top of the ranking to its position. The
 * page still holds exactly the ranking's first `size` products, so the next page continues where this one
 * ends: nothing repeats or is skipped.
 */
export function placePins<T extends { id: string }>(hits: readonly T[], pins: Merchandising['pins'], page: number): T[] {
  if (page !== 0 || pins.length === 0) return [...hits];
  const pinned = new Map(pins.map((pin) => [pin.productId, pin.position]));
  const placed = hits.filter((hit) => pinned.has(hit.id));
  const rest = hits.filter((hit) => !pinned.has(hit.id));
  for (const hit of placed.sort((a, b) => (pinned.get(a.id) as number) - (pinned.get(b.id) as number))) {
    rest.splice(Math.min((pinned.get(hit.id) as number) - 1, rest.length), 0, hit);
  }
  return rest;
}
