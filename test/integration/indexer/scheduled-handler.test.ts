/**
 * The Lambda entry point itself: config read from the environment at module
 * load (cold start), one invocation per schedule input.
 */
import type { Context } from 'aws-lambda';
import { IndexerHarness, expectedFromSource, mirrorOf, products } from '../../support/indexer-harness.js';

function lambdaContext(remainingMs: number): Context {
  const end = Date.now() + remainingMs;
  return { awsRequestId: 'test-request', getRemainingTimeInMillis: () => end - Date.now() } as unknown as Context;
}

describe('scheduled indexer Lambda', () => {
  let h: IndexerHarness;
  afterAll(() => h.close());

  test('each schedule input runs its mode for every configured tenant', async () => {
    h = await new IndexerHarness({ products: products(30), pageSize: 10 }).start();
    Object.assign(process.env, {
      COMMERCE_GRAPHQL_URL: h.config.commerce.endpoint,
      COMMERCE_GRAPHQL_SECRET: h.graphqlSecret,
      COMMERCE_TENANT_SECRETS: JSON.stringify({ [h.tenant]: h.tenantSecret }),
      INDEX_PREFIX: h.prefix,
      COMMERCE_PAGE_SIZE: '10',
    });
    const { handler } = await import('../../../indexer/handlers/scheduled.js');

    const first = await handler({ mode: 'scheduled' }, lambdaContext(120_000));
    expect(first.reports).toEqual([expect.objectContaining({ tenant: h.tenant, status: 'succeeded' })]);
    expect(mirrorOf(await h.indexed())).toEqual(expectedFromSource(h.source));

    h.source.catalog.remove('9');
    const reconcile = await handler({ mode: 'reconcile' }, lambdaContext(120_000));
    expect(reconcile.reports[0]?.stats.reconciledRemoved).toBe(1);

    const live = await h.liveIndex();
    const full = await handler({ mode: 'full' }, lambdaContext(120_000));
    expect(full.reports[0]?.status).toBe('succeeded');
    expect(await h.liveIndex()).not.toBe(live);
    expect(mirrorOf(await h.indexed())).toEqual(expectedFromSource(h.source));

    await expect(handler({ mode: 'everything' }, lambdaContext(1_000))).rejects.toThrow(/mode/);
    await expect(handler({ tenants: ['someone-else'] }, lambdaContext(1_000))).rejects.toThrow(/unknown tenant/);
  });
});
