/**
 * The search bodies' shapes that keep a query cheap at scale (search-body.ts,
 * facet-sample.ts). What they find and rank is tested against the real
 * cluster (test/integration/search).
 */
import { buildLexicon, Lexicon } from '../../common/text/lexicon.js';
import { NO_SYNONYMS } from '../../common/text/synonyms.js';
import { mayNeedSampling, sampleProbability, unwrapSample } from '../../src/search/facet-sample.js';
import { FACET_SAMPLE_AGGREGATION, searchBodies } from '../../src/search/search-body.js';
import { planSearch } from '../../src/search/search-plan.js';
import { parseSearchParams } from '../../src/search/search-request.js';

const lexicon = new Lexicon(buildLexicon(Array.from({ length: 30 }, (_, i) => ({ name: `oak coffee table ${i}`, productClass: ['Coffee Tables'], category: null }))));
const bodiesFor = (query: string) => searchBodies(planSearch(parseSearchParams(new URLSearchParams(query)), lexicon), NO_SYNONYMS);

describe('search bodies', () => {
  test('relevance order: per-field BM25 only in a rescore window; the first pass has no BM25 to score over every match', () => {
    const hits = bodiesFor('q=oak table').hits();
    expect(hits.rescore).toMatchObject({ window_size: 200, query: { rescore_query: { multi_match: { query: 'oak table' } } } });
    expect(hits.sort).toBeUndefined(); // Elasticsearch allows no sort beside a rescore
    expect(JSON.stringify(hits.query)).not.toContain('multi_match');
    expect(hits.track_total_hits).toBe(false); // the total comes from the count
    expect(hits.aggs).toBeUndefined();
  });

  test('a deep page widens the rescore window to reach it; other sorts have none', () => {
    expect(bodiesFor('q=oak&page=20&size=50').hits().rescore).toMatchObject({ window_size: 1000 });
    const byPrice = bodiesFor('q=oak&sort=price_asc').hits();
    expect(byPrice.rescore).toBeUndefined();
    expect(byPrice.sort).toEqual([{ price: { order: 'asc', missing: '_last' } }, { id: 'asc' }]);
  });

  test('facets are not wrapped in a filter unless another facet is refined', () => {
    const plain = bodiesFor('q=oak').full().aggs ?? {};
    expect(plain.facet_0).toHaveProperty('terms');
    expect(plain).toHaveProperty('facet_price_ranges');
    const refined = bodiesFor('q=oak&class=Coffee%20Tables').full().aggs ?? {};
    // The class facet (position 2) ignores its own refinement; the others are filtered by it.
    expect(refined.facet_2).toHaveProperty('terms');
    expect(refined.facet_0).toMatchObject({ filter: { bool: { filter: [{ terms: { product_class: ['Coffee Tables'] } }] } } });
    expect(refined.facet_price).toHaveProperty('filter');
  });

  test('count and facets match unscored; the count applies the refinements, the facets their own way', () => {
    const bodies = bodiesFor('q=oak&class=Coffee%20Tables');
    const count = bodies.count();
    expect(count).toMatchObject({ size: 0, track_total_hits: true });
    expect(JSON.stringify(count.query)).toContain('Coffee Tables');
    expect(count.query?.bool?.must).toBeUndefined();
    const facets = bodies.facets(1);
    expect(facets).toMatchObject({ size: 0, track_total_hits: false });
    expect(facets.aggs).toHaveProperty('facet_0');
    expect(bodies.facets(0.01).aggs?.[FACET_SAMPLE_AGGREGATION]).toMatchObject({ random_sampler: { probability: 0.01, seed: expect.any(Number) } });
  });
});

describe('facet sampling', () => {
  test('samples only when a sample would be under half the matches (Elasticsearch takes p < 0.5 or exactly 1)', () => {
    expect(sampleProbability(0, 10_000)).toBe(1);
    expect(sampleProbability(20_000, 10_000)).toBe(1);
    expect(sampleProbability(20_001, 10_000)).toBeCloseTo(0.49998, 4);
    expect(sampleProbability(1_000_000, 10_000)).toBe(0.01);
  });

  test('a catalog too small for any query to be sampled makes one request', () => {
    expect(mayNeedSampling(20_000, 10_000)).toBe(false);
    expect(mayNeedSampling(20_001, 10_000)).toBe(true);
    expect(mayNeedSampling(0, 10_000)).toBe(false); // no lexicon yet
  });

  test('the sample wrapper is removed; exact answers pass through', () => {
    const facets = { facet_0: { buckets: [] } } as never;
    expect(unwrapSample({ [FACET_SAMPLE_AGGREGATION]: { doc_count: 12, seed: 1, probability: 0.1, facet_0: { buckets: [] } } } as never)).toEqual(facets);
    expect(unwrapSample(facets)).toBe(facets);
    expect(unwrapSample(undefined)).toEqual({});
  });
});
