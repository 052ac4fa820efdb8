/**
 * The search Lambda served over HTTP in its own process (so the load
 * generator does not share its event loop), configured from the environment
 * like the deployed function. Prints its URL on the first line of stdout.
 */
import { serveHandler } from '../local/http-adapter.js';
import { loadSearchConfig } from '../src/config.js';
import { createHttpHandler } from '../src/http/app.js';
import { createLogger } from '../src/shared/logger.js';
import { ElasticsearchHttp } from '../src/transport/elasticsearch-http.js';

const config = loadSearchConfig();
const handler = createHttpHandler({
  config,
  es: new ElasticsearchHttp({ ...config.elasticsearch, timeoutMs: config.timeoutMs, retryAfterSeconds: config.retryAfterSeconds }),
  logger: createLogger('commerce-search-api'),
});
const server = await serveHandler(handler, { port: 0 });
process.stdout.write(`${server.url}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
