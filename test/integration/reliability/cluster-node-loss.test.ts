/**
 * A real three-node cluster (its own, not the suite's single node), the
 * product index with two shards and a replica each: one node is stopped while
 * searches run against every node's URL. No search may fail, and the indexer
 * carries on syncing on the two nodes left.
 */
import { startLocalCluster, type LocalCluster } from '../../../local/elasticsearch/launcher.js';
import { differencesFromSource, NO_DIFFERENCES, products } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';

const QUERIES = ['test product', 'product 12', 'sofa', 'test', 'product 7 sofa', 'furniture'];

describe('a three-node cluster loses a node under search load', () => {
  let cluster: LocalCluster;
  let stack: SearchStack;

  beforeAll(async () => {
    cluster = await startLocalCluster({ nodes: 3, heap: '256m' });
    stack = await startSearchStack({
      tenants: { demo: products(1_500) },
      clusterUrl: cluster.url,
      indexerEnv: { INDEX_SHARDS: '2', INDEX_REPLICAS: '1', ELASTICSEARCH_MAX_RETRIES: '3' },
    });
    const harness = stack.tenants.get('demo');
    await harness?.es.cluster.health({ wait_for_status: 'green', timeout: '60s' });
  }, 240_000);

  afterAll(async () => {
    await stack?.close();
    await cluster?.stop();
  }, 120_000);

  test('no search fails and the indexer carries on', async () => {
    const statuses: number[] = [];
    let running = true;
    const load = async (worker: number) => {
      for (let i = worker; running; i += 4) {
        const response = await stack.request(`/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length] as string)}&page=${(i % 3) + 1}`);
        await response.arrayBuffer();
        statuses.push(response.status);
      }
    };
    const workers = [0, 1, 2, 3].map(load);
    await new Promise((r) => setTimeout(r, 1_000));
    // The first node: the one the search Lambda prefers, and a holder of shards.
    await cluster.nodes[0]?.stop();
    await new Promise((r) => setTimeout(r, 4_000));
    running = false;
    await Promise.all(workers);

    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    const harness = stack.tenants.get('demo');
    if (!harness) throw new Error('no harness');
    await new Promise((r) => setTimeout(r, 5));
    for (let id = 1; id <= 30; id += 1) harness.source.catalog.update(String(id), { name: `changed after the node left ${id}` });
    const sync = await harness.run();
    expect(sync.status).toBe('succeeded');
    expect(sync.stats.documentsIndexed).toBeGreaterThanOrEqual(30);
    expect(await differencesFromSource(harness)).toEqual(NO_DIFFERENCES);
  }, 120_000);
});
