/**
 * The admin Lambda (API Gateway HTTP API): config, its Elasticsearch key
 * (from SSM when so configured), logger and client are set up once per cold
 * start; the handler is admin/http/handler.ts.
 */
import { loadAdminConfig, withAdminKey } from '../config.js';
import { createAdminHandler } from '../http/handler.js';
import { createLogger } from '../../common/logger.js';

export const handler = createAdminHandler(await withAdminKey(loadAdminConfig()), createLogger('commerce-search-admin'));
