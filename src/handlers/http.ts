/**
 * The search Lambda (API Gateway HTTP API). Config, logger and the
 * Elasticsearch connection are created once per cold start; the handler is
 * the composition in src/http/app.ts.
 */
import { loadSearchConfig } from '../config.js';
import { createHttpHandler } from '../http/app.js';
import { createLogger } from '../shared/logger.js';
import { ElasticsearchHttp } from '../transport/elasticsearch-http.js';

const config = loadSearchConfig();

export const handler = createHttpHandler({
  config,
  es: new ElasticsearchHttp({ ...config.elasticsearch, timeoutMs: config.timeoutMs, retryAfterSeconds: config.retryAfterSeconds }),
  logger: createLogger('commerce-search-api'),
});
