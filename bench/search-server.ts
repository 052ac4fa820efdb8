/**
 * The search Lambda served over HTTP in its own process (so the load
 * generator does not share its event loop), configured from the environment
 * like the deployed function. Prints its URL on the first line of stdout.
 */
import { serveHandler } from '../local/http-adapter.js';
import { loadSearchConfig } from '../src/config.js';
import { createSearchHandler } from '../src/http/app.js';
import { createLogger } from '../common/logger.js';

const handler = createSearchHandler(loadSearchConfig(), createLogger('commerce-search-api'));
const server = await serveHandler(handler, { port: 0 });
process.stdout.write(`${server.url}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
