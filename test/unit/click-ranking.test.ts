/**
 * The click-aware ranking's learner (indexer/transform/click-ranking.ts) and
 * how search applies it (src/search/click-rescore.ts), as pure functions.
 */
import fc from 'fast-check';
import { DEFAULT_CLICK_MODEL, learnClickRanking, type ShopperChoice, type ShownSearch } from '../../indexer/transform/click-ranking.js';
import { clickLiftsFor, clickRescorer } from '../../src/search/click-rescore.js';
import { toClickRanking } from '../../src/analytics/click-ranking-cache.js';
import { MAX_CLICK_LIFT } from '../../common/contract/click-ranking.js';
import { buildSearchBody, type SearchPlan } from '../../src/search/search-body.js';
import { NO_SYNONYMS } from '../../common/text/synonyms.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const PAGE = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

/** `shoppers` shoppers search `query` and see PAGE; `clicks(n)` is what shopper n clicks. */
function traffic(query: string, shoppers: number, clicks: (n: number) => string[], options: { user?: (n: number) => string | null; at?: number; conversion?: boolean } = {}) {
  const searches: ShownSearch[] = [];
  const choices: ShopperChoice[] = [];
  for (let n = 0; n < shoppers; n++) {
    const queryId = `${query}-${n}-${Math.random()}`;
    searches.push({ queryId, query, user: options.user ? options.user(n) : `user-${n}`, at: options.at ?? NOW, offset: 0, hitIds: PAGE });
    for (const id of clicks(n)) choices.push({ queryId, type: options.conversion ? 'conversion' : 'click', objectIds: [id] });
  }
  return { searches, choices };
}

const merge = (...parts: Array<{ searches: ShownSearch[]; choices: ShopperChoice[] }>) => ({ searches: parts.flatMap((p) => p.searches), choices: parts.flatMap((p) => p.choices) });
const liftsOf = (t: { searches: ShownSearch[]; choices: ShopperChoice[] }, key = 'oak chair') => new Map(learnClickRanking(t.searches, t.choices, 'en', NOW).queries.get(key) ?? []);

// Position-following shoppers: half click the top result, a quarter the second, and so on.
const byPosition = (n: number) => (n % 2 === 0 ? ['a'] : n % 4 === 1 ? ['b'] : n % 8 === 3 ? ['c'] : []);

test('a product chosen more than its position predicts is lifted; one chosen as its position predicts is not', () => {
  // 40 shoppers follow positions; 8 more choose "f" (position 6), which position alone predicts almost never.
  const t = merge(traffic('oak chair', 40, byPosition), traffic('oak chair', 8, () => ['f'], { user: (n) => `f-fan-${n}` }));
  const lifts = liftsOf(t);
  expect(lifts.get('f')).toBeGreaterThan(1.05);
  expect(lifts.has('a')).toBe(false);
  expect(lifts.has('b')).toBe(false);
});

test('each factor is above 1 and never above the cap, whatever the traffic', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ user: fc.integer({ min: 0, max: 30 }), clicked: fc.subarray(PAGE), converted: fc.boolean(), ageDays: fc.integer({ min: 0, max: 30 }) }), { maxLength: 200 }),
      (sessions) => {
        const searches: ShownSearch[] = [];
        const choices: ShopperChoice[] = [];
        sessions.forEach((s, i) => {
          searches.push({ queryId: `q${i}`, query: 'oak chair', user: `u${s.user}`, at: NOW - s.ageDays * 86_400_000, offset: 0, hitIds: PAGE });
          if (s.clicked.length > 0) choices.push({ queryId: `q${i}`, type: s.converted ? 'conversion' : 'click', objectIds: s.clicked });
        });
        for (const lifts of learnClickRanking(searches, choices, 'en', NOW).queries.values()) {
          for (const [, factor] of lifts) {
            expect(factor).toBeGreaterThan(1);
            expect(factor).toBeLessThanOrEqual(DEFAULT_CLICK_MODEL.maxLift);
          }
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('one user token counts once per query: a spammer alone lifts nothing, and repeating adds nothing to real shoppers', () => {
  const honest = traffic('oak chair', 40, byPosition);
  const spammer = traffic('oak chair', 500, () => ['g'], { user: () => 'spammer', conversion: true });
  expect(liftsOf(spammer).size).toBe(0);
  expect(liftsOf(merge(honest, spammer)).has('g')).toBe(false);
  // Six real fans of "g" lift it; each of them clicking it 50 times lifts it exactly as much as once.
  const fansOnce = traffic('oak chair', 6, () => ['g'], { user: (n) => `fan-${n}` });
  const fansOften = traffic('oak chair', 300, () => ['g'], { user: (n) => `fan-${n % 6}` });
  expect(liftsOf(merge(honest, fansOnce)).get('g')).toBeGreaterThan(1);
  expect(liftsOf(merge(honest, fansOften)).get('g')).toBe(liftsOf(merge(honest, fansOnce)).get('g'));
});

test('a click on a product the search did not show counts for nothing', () => {
  const t = merge(traffic('oak chair', 40, byPosition), traffic('oak chair', 8, () => ['not-shown'], { user: (n) => `x-${n}` }));
  expect(liftsOf(t).has('not-shown')).toBe(false);
});

test('old choices weigh less (decay), purchases more than clicks, and too few shoppers lift nothing', () => {
  const fans = (at: number, conversion = false) => traffic('oak chair', 6, () => ['f'], { user: (n) => `fan-${n}`, at, conversion });
  const recent = liftsOf(merge(traffic('oak chair', 40, byPosition), fans(NOW))).get('f') as number;
  const old = liftsOf(merge(traffic('oak chair', 40, byPosition), fans(NOW - 21 * 86_400_000))).get('f') ?? 1;
  const bought = liftsOf(merge(traffic('oak chair', 40, byPosition), fans(NOW, true))).get('f') as number;
  expect(old).toBeLessThan(recent);
  expect(bought).toBeGreaterThan(recent);
  expect(liftsOf(traffic('oak chair', DEFAULT_CLICK_MODEL.minShoppers - 1, () => ['f'])).size).toBe(0);
});

test('queries are keyed as the tenant reads them: "Oak Chairs" and "oak chair" are one query, and any text is a safe key', () => {
  const t = merge(traffic('Oak Chairs', 20, byPosition), traffic('oak chair', 20, byPosition), traffic('oak chair', 8, () => ['f'], { user: (n) => `f-${n}` }));
  const learned = learnClickRanking(t.searches, t.choices, 'en', NOW);
  expect([...learned.queries.keys()]).toEqual(['oak chair']);
  const ranking = toClickRanking({ built_at: 'x', queries: Object.fromEntries(learned.queries) });
  expect(clickLiftsFor(ranking, 'OAK chairs', 'en').map(([id]) => id)).toEqual(['f']);
  for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(clickLiftsFor(ranking, word, 'en')).toEqual([]);
  expect(clickLiftsFor(toClickRanking({ built_at: 'x', queries: JSON.parse('{"__proto__": [["p", 1.2]]}') }), '__proto__', 'en')).toEqual([]);
});

describe('applied to a search', () => {
  const plan = (overrides: Partial<SearchPlan>): SearchPlan => ({
    query: 'oak chair',
    page: 0,
    size: 20,
    sort: 'relevance',
    filters: [],
    refinements: [],
    facets: [],
    priceFacet: false,
    didYouMean: false,
    understanding: undefined,
    ...overrides,
  });

  test('a second rescorer multiplies the lifted products\' scores, capped, pins excluded; other sorts and no lifts leave the body as it was', () => {
    const rescorer = clickRescorer([['a', 1.2], ['b', 1.2], ['c', 9], ['pinned', 1.1]], 200, new Set(['pinned']));
    expect(rescorer).toEqual({
      window_size: 200,
      query: {
        rescore_query: { bool: { should: [{ constant_score: { filter: { ids: { values: ['a', 'b'] } }, boost: 1.2 } }, { constant_score: { filter: { ids: { values: ['c'] } }, boost: MAX_CLICK_LIFT } }] } },
        query_weight: 1,
        rescore_query_weight: 1,
        score_mode: 'multiply',
      },
    });
    expect(clickRescorer([['a', 1]], 200, new Set())).toBeUndefined();
    const lifted = buildSearchBody(plan({ clickLifts: [['a', 1.2]] }), NO_SYNONYMS);
    expect(lifted.rescore).toMatchObject({ query: { score_mode: 'multiply' } });
    expect(lifted.sort).toBeUndefined();
    expect(buildSearchBody(plan({ clickLifts: [['a', 1.2]], sort: 'price_asc' }), NO_SYNONYMS).rescore).toBeUndefined();
    expect(buildSearchBody(plan({ clickLifts: [] }), NO_SYNONYMS)).toEqual(buildSearchBody(plan({}), NO_SYNONYMS));
  });
});
