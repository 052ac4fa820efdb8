/** `npm run es`: a standalone local Elasticsearch (same resolution as the tests); prints its URL, Ctrl-C stops it. */
import { startElasticsearch } from './launcher.js';

const es = await startElasticsearch({ persistentData: 'standalone', log: (message) => console.error(message) });
console.log(es.url);
console.error(`export ELASTICSEARCH_URL=${es.url}   # Ctrl-C stops it`);
const stop = async () => {
  await es.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
