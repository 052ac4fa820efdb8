/**
 * The search Lambda (API Gateway HTTP API). Config, the search key (from SSM
 * when so configured), logger and the Elasticsearch connection are set up
 * once per cold start; the handler is the composition in src/http/app.ts.
 */
import { loadSearchConfig, withSearchKey } from '../config.js';
import { createSearchHandler } from '../http/app.js';
import { createLogger } from '../../common/logger.js';

export const handler = createSearchHandler(await withSearchKey(loadSearchConfig()), createLogger('commerce-search-api'));
