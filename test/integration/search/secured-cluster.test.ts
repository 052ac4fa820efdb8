/**
 * The search Lambda against a secured cluster, with least privilege: its
 * read-only key comes from SSM once per cold start (a local stand-in for
 * Parameter Store, through the real AWS SDK), every search and the health
 * check work with it, it never asks for anything but reads, and the health
 * route says what is wrong (unauthorised, alias missing, cluster unreachable)
 * without leaking a key or Elasticsearch's text.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LocalSsm } from '../../../local/aws/ssm-server.js';
import { loadSearchConfig, withSearchKey } from '../../../src/config.js';
import { createSearchHandler } from '../../../src/http/app.js';
import { checkedAgainstContract } from '../../support/openapi-contract.js';
import { createLogger } from '../../../common/logger.js';
import { ConfigError } from '../../../common/env.js';
import { IndexerHarness, products } from '../../support/indexer-harness.js';
import { SecuredElasticsearch } from '../../support/secured-elasticsearch.js';

const event = (path: string, query = '', headers: Record<string, string> = { 'x-tenant-id': 'shop' }): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    rawPath: path,
    rawQueryString: query,
    headers,
    requestContext: { http: { method: 'GET', path }, requestId: 'secured' },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

describe('the search Lambda on a secured cluster', () => {
  const readKey = randomBytes(24).toString('base64');
  const writeKey = randomBytes(24).toString('base64');
  let ssm: LocalSsm;
  let secured: SecuredElasticsearch;
  let harness: IndexerHarness;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    harness = await new IndexerHarness({ tenant: 'shop', products: products(40) }).start();
    expect((await harness.run('full')).status).toBe('succeeded');
    secured = new SecuredElasticsearch(new URL(process.env.ELASTICSEARCH_URL as string));
    secured.keys.set(readKey, 'read');
    secured.keys.set(writeKey, 'write');
    await secured.listen();
    ssm = new LocalSsm();
    await ssm.listen();
    ssm.parameters.set('/commerce-search/test/search-key', readKey);
    ssm.parameters.set('/commerce-search/test/wrong-key', JSON.stringify({ elasticsearchApiKey: 'not-a-key' }));
    for (const [name, value] of Object.entries(ssm.env())) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await ssm.close();
    await secured.close();
    await harness.close();
  });

  const handlerWith = async (env: Record<string, string>) =>
    checkedAgainstContract(
      createSearchHandler(
        await withSearchKey(loadSearchConfig({ INDEX_PREFIX: harness.prefix, SEARCH_TENANTS: 'shop', ELASTICSEARCH_URL: secured.url, SEARCH_TIMEOUT_MS: '1500', ...env })),
        createLogger('secured-test'),
      ),
    );

  test('reads its key from SSM once, searches and reports healthy with it, and only ever reads', async () => {
    const readsBefore = ssm.reads;
    const handler = await handlerWith({ ELASTICSEARCH_API_KEY_PARAMETER: '/commerce-search/test/search-key' });
    expect(ssm.reads - readsBefore).toBe(1);
    secured.seen.length = 0;
    for (const q of ['test', 'product', 'sofa']) {
      const response = await handler(event('/search', `q=${q}`));
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body as string).total).toBeGreaterThan(0);
    }
    const health = await handler(event('/health'));
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body as string)).toMatchObject({ status: 'ok', tenants: [{ tenant: 'shop', ok: true, documents: 40 }] });
    expect(ssm.reads - readsBefore).toBe(1); // no SSM call per request
    expect(secured.seen.length).toBeGreaterThan(0);
    expect(secured.seen.every((r) => r.role === 'read' && r.method === 'POST' && /\/_(search|msearch|count)$/.test(r.path))).toBe(true);
  });

  test('the read-only key cannot write; the indexer key can', async () => {
    const write = (key: string) =>
      fetch(`${secured.url}/${harness.names.productsAlias}/_doc/intruder`, {
        method: 'PUT',
        headers: { authorization: `ApiKey ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'intruder', name: 'written with the search key' }),
      });
    expect((await write(readKey)).status).toBe(403);
    expect((await fetch(`${secured.url}/${harness.names.productsAlias}/_count`, { method: 'POST', headers: { authorization: `ApiKey ${writeKey}` } })).status).toBe(200);
  });

  test('health says what is wrong, without keys or Elasticsearch text', async () => {
    const wrongKey = await handlerWith({ ELASTICSEARCH_API_KEY_PARAMETER: '/commerce-search/test/wrong-key' });
    const unauthorised = await wrongKey(event('/health'));
    expect(unauthorised.statusCode).toBe(503);
    expect(JSON.parse(unauthorised.body as string).tenants[0]).toMatchObject({ ok: false, problem: 'unauthorised' });
    expect(unauthorised.body).not.toContain('not-a-key');
    expect(unauthorised.body).not.toContain('security_exception');
    expect((await wrongKey(event('/search', 'q=sofa'))).statusCode).toBeGreaterThanOrEqual(400);

    const missing = await checkedAgainstContract(
      createSearchHandler(
        loadSearchConfig({ INDEX_PREFIX: `${harness.prefix}x`, SEARCH_TENANTS: 'shop', ELASTICSEARCH_URL: secured.url, ELASTICSEARCH_API_KEY: readKey }),
        createLogger('secured-test'),
      ),
    )(event('/health'));
    expect(JSON.parse(missing.body as string).tenants[0]).toMatchObject({ ok: false, problem: 'alias missing' });

    const unreachable = await checkedAgainstContract(
      createSearchHandler(
        loadSearchConfig({ INDEX_PREFIX: harness.prefix, SEARCH_TENANTS: 'shop', ELASTICSEARCH_URL: 'http://127.0.0.1:9', SEARCH_TIMEOUT_MS: '1000' }),
        createLogger('secured-test'),
      ),
    )(event('/health'));
    expect(unreachable.statusCode).toBe(503);
    expect(JSON.parse(unreachable.body as string).tenants[0]).toMatchObject({ ok: false, problem: 'cluster unreachable' });
  });

  test('a parameter that is missing stops the cold start naming the variable', async () => {
    await expect(handlerWith({ ELASTICSEARCH_API_KEY_PARAMETER: '/commerce-search/test/absent' })).rejects.toThrow(ConfigError);
    await expect(handlerWith({ ELASTICSEARCH_API_KEY_PARAMETER: '/commerce-search/test/absent' })).rejects.toThrow(/ELASTICSEARCH_API_KEY_PARAMETER/);
  });
});
