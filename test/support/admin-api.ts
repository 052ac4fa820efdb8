/**
 * The admin API as deployed, on a real port: the Lambda handler built from
 * its real config parser (keys configured as hashes), against the test
 * Elasticsearch, served through the API Gateway v2 adapter.
 */
import { serveHandler } from '../../local/http-adapter.js';
import { loadAdminConfig } from '../../admin/config.js';
import { newAdminKey } from '../../admin/core/keys.js';
import { createAdminHandler } from '../../admin/http/handler.js';
import { createLogger } from '../../common/logger.js';

export interface AdminApi {
  url: string;
  /** tenant → its plain key (only its hash is configured). */
  keys: Map<string, string>;
  call<T = any>(method: string, path: string, options?: { tenant?: string; key?: string | null; body?: unknown }): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

export async function startAdminApi(prefix: string, tenants: string[]): Promise<AdminApi> {
  const keys = new Map(tenants.map((tenant) => [tenant, newAdminKey()]));
  const config = loadAdminConfig({
    ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL,
    ELASTICSEARCH_API_KEY: process.env.ELASTICSEARCH_API_KEY,
    ELASTICSEARCH_USERNAME: process.env.ELASTICSEARCH_USERNAME,
    ELASTICSEARCH_PASSWORD: process.env.ELASTICSEARCH_PASSWORD,
    INDEX_PREFIX: prefix,
    ADMIN_KEYS: JSON.stringify(Object.fromEntries([...keys].map(([tenant, { sha256 }]) => [tenant, [{ label: `${tenant}-merchant`, sha256 }]]))),
  });
  const server = await serveHandler(createAdminHandler(config, createLogger('admin-test')));
  const plain = new Map([...keys].map(([tenant, { key }]) => [tenant, key]));
  const defaultTenant = tenants[0] as string;
  return {
    url: server.url,
    keys: plain,
    call: async (method, path, options = {}) => {
      const tenant = options.tenant ?? defaultTenant;
      const key = options.key === undefined ? plain.get(tenant) : options.key;
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          'x-tenant-id': tenant,
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
    },
    close: () => server.close(),
  };
}
