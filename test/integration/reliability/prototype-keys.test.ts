/**
 * Text from outside is often used as a key: query words, filter values,
 * parameter names, attribute names, tenants, a catalog's own words. Every
 * name of an Object prototype member must be an ordinary word on every route
 * and in every field, and in the catalog the indexer reads. (`GET
 * /suggest?q=constructor` once answered 500: a query word was looked up in a
 * plain object and found Object's constructor.)
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';
import { httpEvent } from '../../support/artifact.js';

const MEMBER_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype', 'then', 'toJSON'])];

describe('Object prototype member names are plain words everywhere', () => {
  let stack: SearchStack;
  beforeAll(async () => {
    // The catalog itself uses them: in names, classes, categories, brands and attribute names and values.
    const catalog = MEMBER_NAMES.map((name, i) =>
      product(i + 1, {
        name: `${name} table ${i}`,
        productClass: [name],
        categoryPath: ['Furniture', name],
        brand: name,
        attributes: [{ name, value: name }, { name: 'color', value: name }],
      }),
    );
    stack = await startSearchStack({ tenants: { demo: catalog, kauppa: catalog }, env: { TENANT_LANGUAGES: '{"kauppa":"fi"}' }, indexerEnv: { TENANT_LANGUAGES: '{"kauppa":"fi"}' } });
  }, 120_000);
  afterAll(() => stack.close());

  const call = async (method: string, path: string, headers: Record<string, string> = { 'x-tenant-id': 'demo' }, body?: unknown) => {
    const response = await stack.handler(httpEvent(method, path, { 'content-type': 'application/json', ...headers }, body) as APIGatewayProxyEventV2);
    return { status: response.statusCode as number, body: response.body ? JSON.parse(response.body) : undefined };
  };

  test('the indexer took every product (no failed items), and each is found by its word', async () => {
    for (const tenant of ['demo', 'kauppa']) {
      const report = await stack.tenants.get(tenant)?.run('scheduled');
      expect(report?.stats.pendingFailures).toBe(0);
      for (const name of MEMBER_NAMES) {
        const { status, body } = await call('GET', `/search?q=${encodeURIComponent(name)}`, { 'x-tenant-id': tenant });
        expect([tenant, name, status]).toEqual([tenant, name, 200]);
        expect([tenant, name, body.hits.some((hit: { name: string }) => hit.name.startsWith(`${name} table`))]).toEqual([tenant, name, true]);
      }
    }
  });

  test.each(MEMBER_NAMES)('%s: never a 5xx on any route, in any field', async (name) => {
    const e = encodeURIComponent(name);
    const answers = await Promise.all([
      call('GET', `/search?q=${e}`),
      call('GET', `/search?q=${e}&class=${e}&brand=${e}&department=${e}&category=${e}&path=${e}`),
      call('GET', `/search?attr.${e}=${e}`),
      call('GET', `/search?attr.color=${e}`),
      call('GET', `/search?${e}=1`),
      call('GET', `/search?sort=${e}`),
      call('GET', `/search?q=${e}`, { 'x-tenant-id': 'kauppa' }),
      call('GET', `/suggest?q=${e}`),
      call('GET', `/suggest?q=${e}`, { 'x-tenant-id': 'kauppa' }),
      call('GET', `/suggest?q=${e}&size=${e}`),
      call('GET', `/search?q=sofa`, { 'x-tenant-id': name }),
      call('GET', `/search?q=sofa`, { host: name }),
      call('GET', '/health', { 'x-tenant-id': name }),
      call('POST', '/1/indexes/*/queries', {}, {
        requests: [
          { indexName: 'products', params: `query=${e}&facets=${encodeURIComponent(JSON.stringify(['brand', 'product_class']))}&facetFilters=${encodeURIComponent(JSON.stringify([[`brand:${name}`]]))}&${e}=1` },
          { indexName: 'products', params: { query: name, filters: `brand:"${name}" OR product_class:"${name}"`, [name]: name } },
          { indexName: 'products', params: `facets=${encodeURIComponent(JSON.stringify([name]))}` },
          { indexName: 'products', type: 'facet', facet: 'brand', facetQuery: name, params: '' },
        ],
      }),
      call('POST', '/1/indexes/*/queries', { 'x-algolia-application-id': name }, { requests: [{ indexName: name, params: `query=${e}` }] }),
      call('POST', '/1/indexes/*/queries', {}, { requests: [{ indexName: 'products', type: 'facet', facet: name, facetQuery: name }] }),
    ]);
    const statuses = answers.map((a) => a.status);
    expect([name, statuses.filter((s) => s >= 500)]).toEqual([name, []]);
    expect(answers[0]?.body.hits.length).toBeGreaterThan(0);
    expect(answers[7]?.status).toBe(200);
  });
});
