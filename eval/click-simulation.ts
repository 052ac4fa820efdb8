/**
 * Simulated shoppers for the click-aware ranking's offline proof. Each
 * session searches one judged query through the real InstantSearch route
 * (clickAnalytics on, its own user token) and clicks as the cascade-free
 * position-based model has it: position p is examined with probability
 * 1/p, and an examined product is clicked with an attractiveness that grows
 * with its judged gain (Irrelevant or unjudged 0.05, Partial 0.375, Exact
 * 0.7); a clicked Exact product is bought half the time. Clicks and
 * purchases go to `POST /1/events` as Algolia Insights sends them.
 *
 * Everything random comes from one seeded generator (the caller's), so a run replays.
 */

export interface ReplayQuery {
  query: string;
  /** Product id → gain (eval/metrics.ts GAINS). */
  judged: ReadonlyMap<string, number>;
}

const EXAMINED_POSITIONS = 20;

export const attractiveness = (gain: number) => 0.05 + 0.65 * gain;

/** Pure: what one simulated shopper clicks and buys on a page of results. */
export function shopperChoices(hitIds: readonly string[], judged: ReadonlyMap<string, number>, random: () => number): { clicks: Array<{ id: string; position: number }>; purchases: string[] } {
  const clicks: Array<{ id: string; position: number }> = [];
  const purchases: string[] = [];
  hitIds.slice(0, EXAMINED_POSITIONS).forEach((id, i) => {
    const position = i + 1;
    if (random() >= 1 / position) return;
    const gain = judged.get(id) ?? 0;
    if (random() >= attractiveness(gain)) return;
    clicks.push({ id, position });
    if (gain === 1 && random() < 0.5) purchases.push(id);
  });
  return { clicks, purchases };
}

export interface Storefront {
  /** One InstantSearch search as a storefront sends it: the hit ids and the queryID. */
  search(query: string, userToken: string): Promise<{ hitIds: string[]; queryID: string }>;
  /** Insights events, as search-insights sends them. */
  send(events: unknown[]): Promise<void>;
}

export function storefront(searchUrl: string, tenant: string): Storefront {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${searchUrl}${path}`, { method: 'POST', headers: { 'x-tenant-id': tenant, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`POST ${path} answered HTTP ${response.status}: ${await response.text()}`);
    return response.json() as Promise<any>;
  };
  return {
    search: async (query, userToken) => {
      const params = new URLSearchParams({ query, hitsPerPage: String(EXAMINED_POSITIONS), clickAnalytics: 'true', userToken });
      const body = await post('/1/indexes/*/queries', { requests: [{ indexName: 'products', params: params.toString() }] });
      const result = body.results[0] as { hits: Array<{ objectID: string }>; queryID: string };
      return { hitIds: result.hits.map((hit) => hit.objectID), queryID: result.queryID };
    },
    send: async (events) => {
      if (events.length > 0) await post('/1/events', { events });
    },
  };
}

const clickEvent = (userToken: string, queryID: string, id: string, position: number) => ({
  eventType: 'click',
  eventName: 'Product clicked',
  index: 'products',
  userToken,
  queryID,
  objectIDs: [id],
  positions: [position],
});
const purchaseEvent = (userToken: string, queryID: string, id: string) => ({
  eventType: 'conversion',
  eventSubtype: 'purchase',
  eventName: 'Product bought',
  index: 'products',
  userToken,
  queryID,
  objectIDs: [id],
});

/** `sessions` shoppers per query (tokens `shopper-<first + n>`); returns the searches and events sent. */
export async function replayShoppers(shop: Storefront, queries: readonly ReplayQuery[], sessions: { first: number; count: number }, random: () => number): Promise<{ searches: number; events: number }> {
  let searches = 0;
  let events = 0;
  for (let n = sessions.first; n < sessions.first + sessions.count; n += 1) {
    const userToken = `shopper-${n}`;
    for (const { query, judged } of queries) {
      const { hitIds, queryID } = await shop.search(query, userToken);
      searches += 1;
      const { clicks, purchases } = shopperChoices(hitIds, judged, random);
      const sent = [...clicks.map((c) => clickEvent(userToken, queryID, c.id, c.position)), ...purchases.map((id) => purchaseEvent(userToken, queryID, id))];
      await shop.send(sent);
      events += sent.length;
    }
  }
  return { searches, events };
}

/** One user token searching `query` again and again, clicking and buying `productId` every time. */
export async function spamClicks(shop: Storefront, query: string, productId: string, times: number): Promise<{ searches: number; events: number }> {
  const userToken = 'click-spammer';
  for (let i = 0; i < times; i += 1) {
    const { hitIds, queryID } = await shop.search(query, userToken);
    const position = Math.max(1, hitIds.indexOf(productId) + 1);
    await shop.send([clickEvent(userToken, queryID, productId, position), purchaseEvent(userToken, queryID, productId)]);
  }
  return { searches: times, events: 2 * times };
}
