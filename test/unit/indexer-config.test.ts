import { loadIndexerConfig } from '../../indexer/config.js';
import { ConfigError } from '../../common/env.js';
import { indexNames, versionedIndexName } from '../../common/contract/index-names.js';

const base = {
  ELASTICSEARCH_URL: 'http://127.0.0.1:9200',
  APP_LOAD_BALANCER_URL: 'http://internal-alb.example:8080/',
  COMMERCE_GRAPHQL_SECRET: 's3cret-graphql',
  COMMERCE_TENANT_SECRETS: '{"demo":"s3cret-tenant"}',
};

describe('indexer configuration', () => {
  test('defaults: endpoint on the internal load balancer, large pages, the platform rate limit', () => {
    const config = loadIndexerConfig(base);
    expect(config.commerce.endpoint).toBe('http://internal-alb.example:8080/graphql');
    expect(config.commerce.pageSize).toBe(1000);
    expect(config.commerce.rateLimit).toEqual({ requests: 100, windowMs: 300_000, sweepShare: 0.25 });
    expect(config.indexPrefix).toBe('commerce');
  });

  test('the run lock outlives three Elasticsearch timeouts, or the configuration says which to change', () => {
    expect(loadIndexerConfig({ ...base, INDEXER_LOCK_TTL_SECONDS: '90' }).lockTtlMs).toBe(90_000);
    expect(() => loadIndexerConfig({ ...base, INDEXER_LOCK_TTL_SECONDS: '60' })).toThrow(/INDEXER_LOCK_TTL_SECONDS: must be at least three Elasticsearch request timeouts \(ELASTICSEARCH_REQUEST_TIMEOUT_MS 30000 ms → at least 90 s\)/);
    expect(loadIndexerConfig({ ...base, INDEXER_LOCK_TTL_SECONDS: '3', ELASTICSEARCH_REQUEST_TIMEOUT_MS: '1000' }).failedItemMaxAttempts).toBe(5);
  });

  test('tenant languages, shards and replicas, several Elasticsearch nodes', () => {
    const config = loadIndexerConfig({
      ...base,
      TENANT_LANGUAGES: '{"kauppa":"fi","butik":"sv"}',
      INDEX_SHARDS: '2',
      INDEX_REPLICAS: '1',
      ELASTICSEARCH_URL: 'http://10.0.0.1:9200, http://10.0.0.2:9200',
    });
    expect(config.languages.get('kauppa')).toBe('fi');
    expect(config.languages.get('demo')).toBeUndefined();
    expect(config.productIndex).toEqual({ shards: 2, replicas: 1 });
    expect(() => loadIndexerConfig({ ...base, TENANT_LANGUAGES: '{"kauppa":"de"}' })).toThrow(/TENANT_LANGUAGES/);
    expect(() => loadIndexerConfig({ ...base, ELASTICSEARCH_URL: 'http://ok:9200,not a url' })).toThrow(/ELASTICSEARCH_URL/);
  });

  test('COMMERCE_GRAPHQL_URL overrides the load balancer', () => {
    expect(loadIndexerConfig({ ...base, COMMERCE_GRAPHQL_URL: 'https://api.example/graphql' }).commerce.endpoint).toBe(
      'https://api.example/graphql',
    );
  });

  test.each([
    [{ ELASTICSEARCH_URL: undefined }, /ELASTICSEARCH_URL: is required/],
    [{ ELASTICSEARCH_URL: 'not a url' }, /ELASTICSEARCH_URL: must be an http\(s\) URL/],
    [{ APP_LOAD_BALANCER_URL: undefined }, /APP_LOAD_BALANCER_URL or COMMERCE_GRAPHQL_URL/],
    [{ COMMERCE_PAGE_SIZE: '0' }, /COMMERCE_PAGE_SIZE/],
    [{ COMMERCE_PAGE_SIZE: 'many' }, /COMMERCE_PAGE_SIZE/],
    [{ COMMERCE_TENANT_SECRETS: '{bad json' }, /COMMERCE_TENANT_SECRETS: must be valid JSON/],
    [{ COMMERCE_TENANT_SECRETS: '{"Bad Tenant!":"x"}' }, /COMMERCE_TENANT_SECRETS/],
    [{ COMMERCE_TENANT_SECRETS: undefined }, /COMMERCE_GRAPHQL_SECRET and COMMERCE_TENANT_SECRETS/],
    [{ COMMERCE_GRAPHQL_SECRET: undefined, COMMERCE_TENANT_SECRETS: undefined }, /COMMERCE_SECRETS_PARAMETER: required/],
    [{ INDEX_PREFIX: 'Upper' }, /INDEX_PREFIX/],
  ])('stops with a message naming the variable (%#)', (change, message) => {
    const env = { ...base, ...change } as NodeJS.ProcessEnv;
    expect(() => loadIndexerConfig(env)).toThrow(ConfigError);
    expect(() => loadIndexerConfig(env)).toThrow(message);
  });

  test('error messages never contain secret values', () => {
    try {
      loadIndexerConfig({ ...base, COMMERCE_TENANT_SECRETS: '{"demo": 123456789}' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(String(error)).not.toContain('123456789');
      expect(String(error)).not.toContain('s3cret');
    }
  });
});

describe('index names', () => {
  test('per-tenant alias, versioned indices behind it', () => {
    const names = indexNames('commerce', 'demo');
    expect(names.productsAlias).toBe('commerce-products-demo');
    expect(versionedIndexName(names.productsAlias, new Date('2026-11-22T12:30:00.123Z'))).toBe('commerce-products-demo-v20261122t123000123z');
  });
});
