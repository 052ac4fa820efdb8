/**
 * One budget per search (SEARCH_TIMEOUT_MS) across every Elasticsearch call
 * it makes: the lexicon, settings and click-ranking reads, the search, a second facet count, and a retry
 * on another node. Whichever call stalls, the answer (a result, or our 503
 * with Retry-After and the documented body) comes within the budget plus
 * 100 ms: never the Lambda timeout, never API Gateway's bare 503.
 */
import { products } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';
import { StallingProxy, type Behaviour } from '../../support/stalling-proxy.js';
import { httpEvent } from '../../support/artifact.js';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const BUDGET_MS = 600;
const ROUTES: Array<{ name: string; path: string; body?: unknown }> = [
  { name: 'search', path: '/search?q=sofa' },
  { name: 'suggest', path: '/suggest?q=sof' },
  { name: 'instantsearch', path: '/1/indexes/*/queries', body: { requests: [{ indexName: 'products', params: 'query=sofa&facets=%5B%22brand%22%5D' }] } },
];

describe('one deadline per search', () => {
  let indexed: SearchStack;
  const proxies: StallingProxy[] = [];
  const stacks: SearchStack[] = [];
  beforeAll(async () => {
    indexed = await startSearchStack({ tenants: { demo: products(60) } });
  }, 90_000);
  afterEach(async () => {
    for (const stack of stacks.splice(0)) await stack.close();
    for (const proxy of proxies.splice(0)) await proxy.close();
  });
  afterAll(() => indexed.close());

  /** A fresh search Lambda (cold: its first request reads the lexicon) behind proxies with these behaviours. */
  async function coldStack(...behaviours: Array<(n: number) => Behaviour>): Promise<{ stack: SearchStack; proxies: StallingProxy[] }> {
    const made = behaviours.map((behaviour) => new StallingProxy(new URL(process.env.ELASTICSEARCH_URL as string), behaviour));
    const urls = await Promise.all(made.map((proxy) => proxy.listen()));
    proxies.push(...made);
    const stack = await startSearchStack({
      tenants: { demo: [] },
      indexOf: indexed,
      elasticsearchUrl: urls.join(','),
      env: { SEARCH_TIMEOUT_MS: String(BUDGET_MS), SEARCH_RETRY_AFTER_SECONDS: '4' },
    });
    stacks.push(stack);
    return { stack, proxies: made };
  }

  /** The Lambda handler's own answer time (an HTTP client's first connection would add its own warm-up). */
  async function timed(stack: SearchStack, route: (typeof ROUTES)[number]) {
    const event = httpEvent(route.body === undefined ? 'GET' : 'POST', route.path, { 'x-tenant-id': 'demo', 'content-type': 'application/json' }, route.body);
    const started = performance.now();
    const response = await stack.handler(event as APIGatewayProxyEventV2);
    const elapsed = performance.now() - started;
    const headers = new Headers(Object.entries(response.headers ?? {}).map(([name, value]): [string, string] => [name, String(value)]));
    return { status: response.statusCode ?? 0, body: response.body ? JSON.parse(response.body) : undefined, headers, elapsed };
  }

  function expectWithinBudget(answer: Awaited<ReturnType<typeof timed>>, what: string) {
    expect([what, Math.round(answer.elapsed), answer.elapsed <= BUDGET_MS + 100]).toEqual([what, Math.round(answer.elapsed), true]);
    if (answer.status === 200) return;
    expect([what, answer.status, answer.headers.get('retry-after')]).toEqual([what, 503, '4']);
    expect(answer.body.error).toMatchObject({ code: 'unavailable', message: 'search is temporarily unavailable; retry shortly' });
  }

  test.each(ROUTES)('$name: whichever call stalls, the answer comes within the budget', async (route) => {
    // Stall the 1st call, then the 2nd, … until a search completes without reaching the stalled call.
    for (let stallAt = 1; stallAt <= 8; stallAt += 1) {
      const { stack, proxies: [proxy] } = await coldStack((n) => (n === stallAt ? { kind: 'stall' } : { kind: 'pass' }));
      const answer = await timed(stack, route);
      expectWithinBudget(answer, `${route.name}, call ${stallAt} stalled`);
      if ((proxy as StallingProxy).seen.length < stallAt) {
        expect(answer.status).toBe(200);
        expect(stallAt).toBeGreaterThan(1);
        return;
      }
      expect(answer.status).toBe(503);
    }
    throw new Error('a search made more than 7 Elasticsearch calls');
  }, 60_000);

  test.each(ROUTES)('$name: a node that fails slowly, then a retry on a node that stalls: still one budget', async (route) => {
    const { stack } = await coldStack(() => ({ kind: 'fail', afterMs: BUDGET_MS * 0.6 }), () => ({ kind: 'stall' }));
    const answer = await timed(stack, route);
    expectWithinBudget(answer, `${route.name}: slow failure then stall`);
    expect(answer.status).toBe(503);
  }, 30_000);

  test('an answer that comes in time is unaffected: the budget is per request, not per container', async () => {
    const { stack } = await coldStack(() => ({ kind: 'pass' }));
    for (let i = 0; i < 5; i += 1) {
      const answer = await timed(stack, ROUTES[0] as (typeof ROUTES)[number]);
      expect(answer.status).toBe(200);
      expect(answer.body.total).toBe(60);
    }
  });
});
