/**
 * The click-aware ranking, proved offline (part of `npm run eval`):
 *   1. one user token searches a judged query 300 times and clicks and buys
 *      a product it was shown low on the page every time: the product must
 *      not move (a token counts once per query; a product needs several
 *      shoppers);
 *   2. simulated shoppers (eval/click-simulation.ts) replay the judged
 *      queries, N sessions per query, through the real routes; after each
 *      step the indexer's own build learns the lifts and search applies them.
 * Reported: nDCG@10 of the replayed queries before and after each step, and
 * the held-out class precision@10 (queries nobody replayed) before and after.
 */
import type { Client } from '@elastic/elasticsearch';
import { analyticsPattern } from '../common/contract/analytics.js';
import { buildClickRanking, readClickRanking } from '../indexer/sink/click-ranking.js';
import { NO_CLICK_RANKING, toClickRanking, type ClickRanking } from '../src/analytics/click-ranking-cache.js';
import { replayShoppers, spamClicks, storefront, type ReplayQuery } from './click-simulation.js';
import { seededRandom } from '../local/commerce-api/seed.js';

export interface ClickEvalDeps {
  searchUrl: string;
  es: Client;
  prefix: string;
  tenant: string;
  /** The judged queries to replay. */
  replay: readonly ReplayQuery[];
  /** Ranked ids for a query, through the search route as a storefront asks. */
  search(query: string, size: number): Promise<string[]>;
  /** nDCG@10 of one replayed query's ranking. */
  ndcg(ranked: readonly string[], judged: ReadonlyMap<string, number>): number;
  /** Class precision@10 over the held-out class-intent queries. */
  heldOut(): Promise<number>;
  /** How long search takes to see a new build (CLICK_RANKING_REFRESH_SECONDS). */
  refreshMs: number;
}

export interface ClickEvalReport {
  steps: Array<{ sessionsPerQuery: number; ndcg10: number; heldOutClassP10: number; liftedQueries: number }>;
  spam: { query: string; productId: string; searches: number; positionBefore: number; positionAfter: number };
}

const STEPS = [25, 100];
const SPAM_SEARCHES = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until what the route queued is in Elasticsearch (searches that carry a queryID, and events). */
async function recorded(es: Client, prefix: string, tenant: string, searches: number, events: number): Promise<void> {
  const count = async (kind: 'searches' | 'events') => {
    const index = analyticsPattern(prefix, tenant, kind);
    await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
    return (await es.count({ index, ignore_unavailable: true, allow_no_indices: true, query: { exists: { field: 'query_id' } } })).count;
  };
  const deadline = Date.now() + 60_000;
  while ((await count('searches')) < searches || (await count('events')) < events) {
    if (Date.now() > deadline) throw new Error('click simulation: the recorded searches and events did not all arrive within 60 s');
    await sleep(250);
  }
}

export async function evaluateClickRanking(deps: ClickEvalDeps): Promise<ClickEvalReport> {
  const shop = storefront(deps.searchUrl, deps.tenant);
  const random = seededRandom(20_261_206);
  const totals = { searches: 0, events: 0 };
  const meanNdcg = async () => {
    let sum = 0;
    for (const { query, judged } of deps.replay) sum += deps.ndcg(await deps.search(query, 10), judged);
    return sum / Math.max(1, deps.replay.length);
  };
  /** Learn from everything recorded so far, as the indexer's schedule does, and wait until search reads it. */
  const learn = async () => {
    await recorded(deps.es, deps.prefix, deps.tenant, totals.searches, totals.events);
    const built = await buildClickRanking(deps.es, deps.prefix, deps.tenant, 'en');
    await sleep(deps.refreshMs + 200);
    await deps.search(deps.replay[0]?.query ?? '', 1); // the first request after the refresh period starts the read
    await sleep(500);
    return built;
  };

  const steps: ClickEvalReport['steps'] = [{ sessionsPerQuery: 0, ndcg10: await meanNdcg(), heldOutClassP10: await deps.heldOut(), liftedQueries: 0 }];

  // The spammer: one token, one product it saw low on the first replayed query's page, clicked and bought every time.
  const target = deps.replay[0] as ReplayQuery;
  const before = await deps.search(target.query, 100);
  const low = before.slice(9, 20);
  const productId = [...low].sort((a, b) => (target.judged.get(a) ?? 0) - (target.judged.get(b) ?? 0))[0] ?? (before.at(-1) as string);
  const spam = await spamClicks(shop, target.query, productId, SPAM_SEARCHES);
  totals.searches += spam.searches;
  totals.events += spam.events;
  await learn();
  const positionAfter = (await deps.search(target.query, 100)).indexOf(productId) + 1;

  let replayed = 0;
  for (const sessionsPerQuery of STEPS) {
    const sent = await replayShoppers(shop, deps.replay, { first: replayed, count: sessionsPerQuery - replayed }, random);
    replayed = sessionsPerQuery;
    totals.searches += sent.searches;
    totals.events += sent.events;
    const built = await learn();
    steps.push({ sessionsPerQuery, ndcg10: await meanNdcg(), heldOutClassP10: await deps.heldOut(), liftedQueries: built.queries });
  }
  return { steps, spam: { query: target.query, productId, searches: SPAM_SEARCHES, positionBefore: before.indexOf(productId) + 1, positionAfter } };
}

/** The tenant's stored click-aware ranking, as search reads it. */
export async function readSearchClickRanking(es: Client, prefix: string, tenant: string): Promise<ClickRanking> {
  const stored = await readClickRanking(es, prefix, tenant);
  return stored ? toClickRanking(stored) : NO_CLICK_RANKING;
}
