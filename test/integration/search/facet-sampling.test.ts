/**
 * Large catalogs (src/search/search-strategy.ts): an exact count, the hits,
 * and facets counted over a random sample when a query matches many
 * products. The same 3,000 generated products, indexed once, are served
 * twice from the real cluster: with FACET_SAMPLE_SIZE=300 (so this catalog
 * counts as large and broad queries are sampled) and with the default
 * (every count exact).
 */
import { generateProducts } from '../../../local/commerce-api/seed.js';
import { indexNames } from '../../../common/contract/index-names.js';
import { createLogger } from '../../../common/logger.js';
import { NO_SYNONYMS } from '../../../common/text/synonyms.js';
import { readLexicon } from '../../../src/search/lexicon-cache.js';
import { planSearch } from '../../../src/search/search-plan.js';
import { parseSearchParams } from '../../../src/search/search-request.js';
import { runSearches, type SearchOutcome } from '../../../src/search/search-strategy.js';
import { ElasticsearchHttp } from '../../../src/transport/elasticsearch-http.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';

const CATALOG = generateProducts(3_000, 7);
let sampled: SearchStack;
let exact: SearchStack;

beforeAll(async () => {
  exact = await startSearchStack({ tenants: { demo: CATALOG } });
  sampled = await startSearchStack({ tenants: { demo: CATALOG }, env: { FACET_SAMPLE_SIZE: '300' }, indexOf: exact });
}, 120_000);
afterAll(async () => {
  await sampled?.close();
  await exact?.close();
});

type Facet = Array<{ value: string; count: number }>;

describe('facets on a large catalog', () => {
  test('a broad query: exact total and the same hits; facets estimated from a sample, flagged, close to the exact counts', async () => {
    const [a, b] = await Promise.all([sampled.json('/search?q=furniture'), exact.json('/search?q=furniture')]);
    expect(b.body.total).toBeGreaterThan(600); // more than twice the sample: sampled
    expect(a.body.total).toBe(b.body.total);
    expect(a.body.facetsExhaustive).toBe(false);
    expect(b.body.facetsExhaustive).toBe(true);
    expect(a.body.hits.map((h: { id: string }) => h.id)).toEqual(b.body.hits.map((h: { id: string }) => h.id));
    // Counts scaled back to the whole: each class with a real share is within 40% of its exact count.
    const estimated = new Map((a.body.facets.class as Facet).map((v) => [v.value, v.count]));
    const large = (b.body.facets.class as Facet).filter((v) => v.count >= 150);
    expect(large.length).toBeGreaterThan(2);
    for (const { value, count } of large) {
      expect(Math.abs((estimated.get(value) ?? 0) - count) / count).toBeLessThan(0.4);
    }
    const rangeTotal = (body: { price: { ranges: Array<{ count: number }> } }) => body.price.ranges.reduce((n, r) => n + r.count, 0);
    expect(Math.abs(rangeTotal(a.body) - b.body.total) / b.body.total).toBeLessThan(0.25);
    expect(a.body.price.stats.min).toBeGreaterThanOrEqual(b.body.price.stats.min);
  });

  test('the same query gives the same estimated counts on every page (one sample per query)', async () => {
    const [first, second] = await Promise.all([sampled.json('/search?q=furniture'), sampled.json('/search?q=furniture&page=2')]);
    expect(second.body.facets).toEqual(first.body.facets);
  });

  test('a narrow query is counted exactly, even on a large catalog', async () => {
    const [a, b] = await Promise.all([sampled.json('/search?q=bookcase%20walnut'), exact.json('/search?q=bookcase%20walnut')]);
    expect(a.body.total).toBeLessThanOrEqual(600);
    expect(a.body.facetsExhaustive).toBe(true);
    expect(a.body.facets).toEqual(b.body.facets);
    expect(a.body.total).toBe(b.body.total);
  });

  test('a refinement: the total is exact for the refined products', async () => {
    const path = '/search?q=furniture&class=Sofas';
    const [a, b] = await Promise.all([sampled.json(path), exact.json(path)]);
    expect(b.body.total).toBeGreaterThan(0);
    expect(a.body.total).toBe(b.body.total);
    expect(a.body.hits.every((hit: { class: string[] }) => hit.class.includes('Sofas'))).toBe(true);
  });

  test('pages of many equally scored products never repeat or skip one', async () => {
    for (const stack of [sampled, exact]) {
      const pages = await Promise.all([1, 2, 3, 4, 5].map((page) => stack.json(`/search?q=furniture&page=${page}`)));
      const ids = pages.flatMap((p) => p.body.hits.map((h: { id: string }) => h.id));
      expect(ids).toHaveLength(100);
      expect(new Set(ids).size).toBe(100);
    }
  });

  test('InstantSearch says the facet counts are estimated, as Algolia does', async () => {
    const body = { requests: [{ indexName: 'products', params: new URLSearchParams({ query: 'furniture', hitsPerPage: '5', facets: JSON.stringify(['product_class']) }).toString() }] };
    const [a, b] = await Promise.all([sampled.json('/1/indexes/*/queries', { body }), exact.json('/1/indexes/*/queries', { body })]);
    expect(a.body.results[0].exhaustiveFacetsCount).toBe(false);
    expect(a.body.results[0].exhaustive.facetsCount).toBe(false);
    expect(b.body.results[0].exhaustiveFacetsCount).toBe(true);
    expect(a.body.results[0].nbHits).toBe(b.body.results[0].nbHits);
    expect(Object.keys(a.body.results[0].facets.product_class).length).toBeGreaterThan(2);
  });

  test('one round trip; a second only when words that occur together made the estimated rate give too small a sample', async () => {
    const es = new ElasticsearchHttp({ url: process.env.ELASTICSEARCH_URL as string, timeoutMs: 10_000, retryAfterSeconds: 1 });
    const trips: number[] = [];
    const search = es.search.bind(es);
    const msearch = es.msearch.bind(es);
    es.search = (index, body, options) => (trips.push(1), search(index, body, options));
    es.msearch = (index, bodies, options) => (trips.push(bodies.length), msearch(index, bodies, options));
    const lexicon = await readLexicon(process.env.ELASTICSEARCH_URL as string, exact.prefix, 'demo', createLogger('test'));
    const run = async (q: string) => {
      trips.length = 0;
      const plan = planSearch(parseSearchParams(new URLSearchParams({ q })), lexicon);
      const options = { synonyms: NO_SYNONYMS, catalogSize: lexicon.documents, facetSampleSize: 300 };
      const [outcome] = await runSearches(es, indexNames(exact.prefix, 'demo').productsAlias, [{ plan }], options);
      return { outcome: outcome as SearchOutcome, trips: [...trips], estimate: plan.understanding?.matches ?? 0 };
    };
    try {
      const broad = await run('furniture');
      expect(broad.trips).toEqual([2]); // the hits, and the facets with the exact total
      expect(broad.outcome.facetsExhaustive).toBe(false);

      // All four words name the same living-room products: their sum is far above what the query matches.
      const together = await run('sofa couch living room');
      const { body } = await exact.json('/search?q=sofa%20couch%20living%20room');
      expect(together.estimate).toBeGreaterThan(2.5 * body.total);
      expect(together.trips).toEqual([2, 1]); // the facets again, at the rate the exact total gives
      expect(together.outcome.response.hits.total).toEqual({ value: body.total, relation: 'eq' });
      expect(together.outcome.facetsExhaustive).toBe(body.total <= 600);
    } finally {
      es.close();
    }
  });
});
