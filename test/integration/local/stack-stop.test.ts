/**
 * Stopping the local stack (npm start's Ctrl-C) while a run waits for the
 * rate budget: the run stops at once, checkpointed, and leaves no lock
 * behind, so the next start indexes instead of reporting "skipped".
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { startStack } from '../../../local/stack.js';
import { products } from '../../support/indexer-harness.js';
import type { SyncState } from '../../../indexer/sync/sync-state.js';

test('closing the stack stops its runs between pages and releases their locks', async () => {
  const prefix = `stop${randomBytes(4).toString('hex')}`;
  const stack = await startStack({
    tenants: { shop: { products: products(50) } },
    elasticsearchEnv: { ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL as string },
    indexPrefix: prefix,
    // Two requests a minute: the run's third page waits for the budget.
    rateLimit: { requests: 2, windowMs: 60_000 },
    indexerEnv: { COMMERCE_PAGE_SIZE: '10' },
  });
  const es = new Client({ node: process.env.ELASTICSEARCH_URL as string });
  try {
    const run = stack.index('shop');
    const state = async () => (await es.get<{ state: SyncState }>({ index: `${prefix}-indexer-state`, id: 'sync:shop' }))._source?.state;
    // Wait until the run holds the lock and is waiting for the budget.
    for (let i = 0; i < 100 && (await state().catch(() => undefined))?.lock?.owner === undefined; i += 1) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    await stack.close();
    const report = await run;
    expect(Date.now() - started).toBeLessThan(15_000); // not the minute the budget wait would take
    expect(report.status).toBe('paused');
    expect((await state())?.lock ?? null).toBeNull();
    expect((await state())?.reindex?.pages).toBeGreaterThanOrEqual(1);
  } finally {
    const indices = Object.keys(await es.indices.get({ index: `${prefix}-*`, allow_no_indices: true }));
    if (indices.length > 0) await es.indices.delete({ index: indices });
    await es.close();
  }
}, 60_000);
