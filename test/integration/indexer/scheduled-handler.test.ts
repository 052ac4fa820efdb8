/**
 * The Lambda entry point itself: config read from the environment at module
 * load (cold start), one invocation per schedule input.
 */
import type { Context } from 'aws-lambda';
import type { ScheduledRunResult } from '../../../indexer/handlers/scheduled.js';
import type { TenantStatus } from '../../../indexer/status.js';
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

    const run = async (mode: string) => (await handler({ mode }, lambdaContext(120_000))) as ScheduledRunResult;
    const first = await run('scheduled');
    expect(first.reports).toEqual([expect.objectContaining({ tenant: h.tenant, status: 'succeeded' })]);
    expect(mirrorOf(await h.indexed())).toEqual(expectedFromSource(h.source));

    h.source.catalog.remove('9');
    const reconcile = await run('reconcile');
    expect(reconcile.reports[0]?.stats.reconciledRemoved).toBe(1);

    const live = await h.liveIndex();
    const full = await run('full');
    expect(full.reports[0]?.status).toBe('succeeded');
    expect(await h.liveIndex()).not.toBe(live);
    expect(mirrorOf(await h.indexed())).toEqual(expectedFromSource(h.source));

    // The operator's read (npm run status -- --stage …): runs nothing, reports each tenant.
    const requestsBefore = h.source.requests.length;
    const status = (await handler({ mode: 'status' }, lambdaContext(10_000))) as { mode: string; tenants: TenantStatus[] };
    expect(status.mode).toBe('status');
    expect(status.tenants).toEqual([
      expect.objectContaining({ tenant: h.tenant, alias: h.names.productsAlias, index: await h.liveIndex(), documents: 29, runningNow: null }),
    ]);
    expect(status.tenants[0]?.lastRun).toMatchObject({ mode: 'full', status: 'succeeded' });
    expect(h.source.requests.length).toBe(requestsBefore);

    await expect(handler({ mode: 'everything' }, lambdaContext(1_000))).rejects.toThrow(/mode/);
    await expect(handler({ tenants: ['someone-else'] }, lambdaContext(1_000))).rejects.toThrow(/unknown tenant/);
  });
});
