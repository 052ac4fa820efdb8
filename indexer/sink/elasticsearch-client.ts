/**
 * The one place the official Elasticsearch client is configured: explicit
 * request timeout and retries, auth from config. Created once per process.
 */
import { Client } from '@elastic/elasticsearch';
import * as z from 'zod/mini';
import { httpUrls, intInRange, positiveInt, urlList, withDefault } from '../../common/env.js';

export const elasticsearchEnv = {
  ELASTICSEARCH_URL: httpUrls,
  ELASTICSEARCH_API_KEY: z.optional(z.string()),
  ELASTICSEARCH_USERNAME: z.optional(z.string()),
  ELASTICSEARCH_PASSWORD: z.optional(z.string()),
  ELASTICSEARCH_REQUEST_TIMEOUT_MS: withDefault(positiveInt(120_000), 30_000),
  ELASTICSEARCH_MAX_RETRIES: withDefault(intInRange(0, 10), 3),
};

export interface ElasticsearchSettings {
  url: string;
  apiKey?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  requestTimeoutMs: number;
  maxRetries: number;
}

export function elasticsearchSettings(env: {
  ELASTICSEARCH_URL: string;
  ELASTICSEARCH_API_KEY?: string | undefined;
  ELASTICSEARCH_USERNAME?: string | undefined;
  ELASTICSEARCH_PASSWORD?: string | undefined;
  ELASTICSEARCH_REQUEST_TIMEOUT_MS: number;
  ELASTICSEARCH_MAX_RETRIES: number;
}): ElasticsearchSettings {
  return {
    url: env.ELASTICSEARCH_URL,
    apiKey: env.ELASTICSEARCH_API_KEY,
    username: env.ELASTICSEARCH_USERNAME,
    password: env.ELASTICSEARCH_PASSWORD,
    requestTimeoutMs: env.ELASTICSEARCH_REQUEST_TIMEOUT_MS,
    maxRetries: env.ELASTICSEARCH_MAX_RETRIES,
  };
}

export function createElasticsearchClient(settings: ElasticsearchSettings): Client {
  const auth = settings.apiKey
    ? { apiKey: settings.apiKey }
    : settings.username
      ? { username: settings.username, password: settings.password ?? '' }
      : undefined;
  return new Client({
    // Several nodes: the client spreads requests and skips a dead node until it answers again.
    nodes: urlList(settings.url),
    ...(auth ? { auth } : {}),
    requestTimeout: settings.requestTimeoutMs,
    // Retries connection errors and 502/503/504; other errors reach the caller at once.
    maxRetries: settings.maxRetries,
  });
}
