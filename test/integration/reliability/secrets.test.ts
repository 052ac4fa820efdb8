/**
 * Secrets never reach a log line or an error body: the indexer CLI and the
 * search server run as real processes with secrets set and debug logging,
 * through successful and failing paths; all of their output is checked.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { IndexerHarness, product, products } from '../../support/indexer-harness.js';

const run = promisify(execFile);
const ES_API_KEY = 'es-api-key-that-must-not-leak-4242';

function secretsIn(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

describe('secrets stay out of logs and error bodies', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('indexer: success, rejected credentials and malformed products, at DEBUG', async () => {
    h = await new IndexerHarness({ products: [...products(30), { ...product(31), name: ' ' }], pageSize: 10 }).start();
    const env = {
      ...process.env,
      ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL as string,
      ELASTICSEARCH_API_KEY: process.env.ELASTICSEARCH_API_KEY ?? ES_API_KEY,
      COMMERCE_GRAPHQL_URL: h.config.commerce.endpoint,
      COMMERCE_GRAPHQL_SECRET: h.graphqlSecret,
      COMMERCE_TENANT_SECRETS: JSON.stringify({ [h.tenant]: h.tenantSecret }),
      INDEX_PREFIX: h.prefix,
      COMMERCE_PAGE_SIZE: '10',
      LOG_LEVEL: 'DEBUG',
      POWERTOOLS_METRICS_DISABLED: 'false',
    };
    const cli = ['--import', 'tsx', 'indexer/cli/reindex.ts', '--tenant', h.tenant, '--no-progress'];
    const outputs: string[] = [];
    const capture = async (extraEnv: Record<string, string>) => {
      const result = await run(process.execPath, cli, { env: { ...env, ...extraEnv }, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout: string; stderr: string }) => error);
      outputs.push(result.stdout, result.stderr);
    };
    await capture({}); // succeeds but for the malformed product, logged with its id
    await capture({ COMMERCE_TENANT_SECRETS: JSON.stringify({ [h.tenant]: `${h.tenantSecret}-wrong` }) }); // 403
    await capture({ COMMERCE_GRAPHQL_SECRET: `${h.graphqlSecret}-wrong` }); // 401
    await capture({ COMMERCE_PAGE_SIZE: 'lots' }); // config error names the variable
    const all = outputs.join('\n');
    expect(all).toContain('product not indexed'); // the logs were really captured
    expect(all).toContain('commerce API answered HTTP 403');
    expect(all).toContain('COMMERCE_PAGE_SIZE');
    expect(secretsIn(all, [h.graphqlSecret, h.tenantSecret, ES_API_KEY])).toEqual([]);
  }, 120_000);

  test('search: every route and error path, at DEBUG', async () => {
    h = await new IndexerHarness({ products: products(10) }).start();
    await h.run();
    const server = spawn(process.execPath, ['--import', 'tsx', 'bench/search-server.ts'], {
      env: {
        ...process.env,
        ELASTICSEARCH_API_KEY: process.env.ELASTICSEARCH_API_KEY ?? ES_API_KEY,
        INDEX_PREFIX: h.prefix,
        SEARCH_TENANTS: `${h.tenant},notbuilt`,
        LOG_LEVEL: 'DEBUG',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve) => {
      const check = () => (output.includes('\n') ? resolve(output.split('\n')[0] as string) : setTimeout(check, 50));
      check();
    });
    const bodies: string[] = [];
    const call = async (path: string, headers: Record<string, string>, body?: string) => {
      const response = await fetch(`${url}${path}`, { method: body ? 'POST' : 'GET', headers, ...(body ? { body } : {}) });
      bodies.push(await response.text());
      return response.status;
    };
    expect(await call('/search?q=sofa', { 'x-tenant-id': h.tenant })).toBe(200);
    expect(await call('/suggest?q=so', { 'x-tenant-id': h.tenant })).toBe(200);
    expect(await call('/1/indexes/*/queries', { 'x-tenant-id': h.tenant }, '{"requests":[{"indexName":"products"}]}')).toBe(200);
    expect(await call('/search?q=sofa&size=-1', { 'x-tenant-id': h.tenant })).toBe(400);
    expect(await call('/search?q=sofa', { 'x-tenant-id': 'nobody' })).toBe(404);
    expect(await call('/search?q=sofa', { 'x-tenant-id': 'notbuilt' })).toBe(503);
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    expect(output).toContain('"status":503'); // the request log was really captured
    expect(secretsIn(output + bodies.join('\n'), [ES_API_KEY, h.graphqlSecret, h.tenantSecret])).toEqual([]);
  }, 60_000);
});
