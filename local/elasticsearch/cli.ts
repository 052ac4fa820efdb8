/**
 * `npm run es [-- --nodes 3]`: a standalone local Elasticsearch (same
 * resolution as the tests), or a real cluster of several local nodes; prints
 * ELASTICSEARCH_URL (every node, comma-separated). Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import { startElasticsearch, startLocalCluster } from './launcher.js';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '1' } } });
const nodes = Number(values.nodes);
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 5) {
  console.error('--nodes must be a whole number from 1 to 5');
  process.exit(2);
}
const log = (message: string) => console.error(message);
const es = nodes > 1 ? await startLocalCluster({ nodes, persistentData: 'standalone', log }) : await startElasticsearch({ persistentData: 'standalone', log });
console.log(es.url);
console.error(`export ELASTICSEARCH_URL=${es.url}   # Ctrl-C stops it`);
const stop = async () => {
  await es.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
