/**
 * The search Lambda (API Gateway HTTP API). Config, logger and the
 * Elasticsearch connection are created once per cold start; the handler is
 * the composition in src/http/app.ts.
 */
import { loadSearchConfig } from '../config.js';
import { createSearchHandler } from '../http/app.js';
import { createLogger } from '../../common/logger.js';

export const handler = createSearchHandler(loadSearchConfig(), createLogger('commerce-search-api'));
