/**
 * Elasticsearch down or hanging: the search route answers 503 with
 * Retry-After within its own request timeout, with a generic body.
 */
import { createServer, type Server } from 'node:net';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';
import { products } from '../../support/indexer-harness.js';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('when Elasticsearch is unavailable', () => {
  let stack: SearchStack | undefined;
  let blackHole: Server | undefined;
  afterEach(async () => {
    await stack?.close();
    blackHole?.close();
  });

  const routes: Array<[string, { path: string; body?: unknown }]> = [
    ['search', { path: '/search?q=sofa' }],
    ['suggest', { path: '/suggest?q=so' }],
    ['instantsearch', { path: '/1/indexes/*/queries', body: { requests: [{ indexName: 'products', params: 'query=sofa' }] } }],
  ];

  test.each(routes)('refused connections → 503 + Retry-After on %s', async (_name, { path, body }) => {
    const closed = await listen((blackHole = createServer()));
    blackHole.close();
    stack = await startSearchStack({ tenants: { demo: products(3) }, elasticsearchUrl: `http://127.0.0.1:${closed}`, env: { SEARCH_RETRY_AFTER_SECONDS: '3' } });
    const response = await stack.json(path, body === undefined ? {} : { body });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.body.error).toMatchObject({ code: 'unavailable', message: 'search is temporarily unavailable; retry shortly' });
    expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|elasticsearch/i);
  });

  test('a hanging Elasticsearch → 503 once the explicit request timeout passes, not the Lambda timeout', async () => {
    const sockets: Array<import('node:net').Socket> = [];
    blackHole = createServer((socket) => sockets.push(socket)); // accepts, never answers
    const port = await listen(blackHole);
    stack = await startSearchStack({ tenants: { demo: products(3) }, elasticsearchUrl: `http://127.0.0.1:${port}`, env: { SEARCH_TIMEOUT_MS: '400' } });
    const started = Date.now();
    const response = await stack.json('/search?q=sofa');
    const elapsed = Date.now() - started;
    expect(response.status).toBe(503);
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(5_000);
    for (const socket of sockets) socket.destroy();
  });

  test("a tenant whose index is not built yet → 503, not another tenant's data or a 500", async () => {
    stack = await startSearchStack({ tenants: { demo: products(3) }, env: { SEARCH_TENANTS: 'demo,newshop' } });
    const response = await stack.json('/search?q=sofa', { tenant: 'newshop' });
    expect(response.status).toBe(503);
  });
});
