/** `npm run es`: a standalone local Elasticsearch (same resolution as the tests); prints its URL, Ctrl-C stops it. */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startElasticsearch } from './launcher.js';

const dataDir = process.getuid?.() === 0 ? join(tmpdir(), 'commerce-search-elasticsearch', 'data-standalone') : join('.cache', 'es-data-standalone');
const es = await startElasticsearch({ dataDir, log: (message) => console.error(message) });
console.log(es.url);
console.error(`export ELASTICSEARCH_URL=${es.url}   # Ctrl-C stops it`);
const stop = async () => {
  await es.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
