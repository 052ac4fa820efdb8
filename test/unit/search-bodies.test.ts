/**
 * The search bodies' shapes that keep a query cheap at scale (search-body.ts,
 * facet-sample.ts). What they find and rank is tested against the real
 * cluster (test/integration/search).
 */
import { buildLexicon, Lexicon } from '../../common/text/lexicon.js';
import { NO_SYNONYMS } from '../../common/text/synonyms.js';
import { mayNeedSampling, resampleProbability, sampleProbability, unwrapSample } from '../../src/search/facet-sample.js';
import { FACET_SAMPLE_AGGREGATION, REFINED_TOTAL_AGGREGATION, searchBodies } from '../../src/search/search-body.js';
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
    expect(hits.track_total_hits).toBe(false); // the total comes beside the facets
    expect(hits.aggs).toBeUndefined();
  });

  test('every page has the same rescore window (one fixed ranking); other sorts have none', () => {
    expect(bodiesFor('q=oak&page=20&size=50').hits().rescore).toMatchObject({ window_size: 200 });
    expect(bodiesFor('q=oak&page=1&size=20').hits().rescore).toMatchObject({ window_size: 200 });
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

  test('facets match unscored, apply refinements their own way, and count the exact total beside them when asked', () => {
    const bodies = bodiesFor('q=oak&class=Coffee%20Tables');
    const facets = bodies.facets(1);
    expect(facets).toMatchObject({ size: 0, track_total_hits: false });
    expect(facets.query?.bool?.must).toBeUndefined();
    expect(facets.aggs).toHaveProperty('facet_0');
    expect(facets.aggs).not.toHaveProperty(REFINED_TOTAL_AGGREGATION);
    const sampled = bodies.facets(0.01, { total: true });
    expect(sampled.track_total_hits).toBe(true);
    expect(sampled.aggs?.[FACET_SAMPLE_AGGREGATION]).toMatchObject({ random_sampler: { probability: 0.01, seed: expect.any(Number) } });
    // The refined total is counted outside the sample: exact.
    expect(sampled.aggs?.[REFINED_TOTAL_AGGREGATION]).toEqual({ filter: { bool: { filter: [{ terms: { product_class: ['Coffee Tables'] } }] } } });
    expect(bodiesFor('q=oak').facets(1, { total: true }).aggs).not.toHaveProperty(REFINED_TOTAL_AGGREGATION);
  });

  test('the name bonus is read only where scores count: the hits, not the facets and total', () => {
    const bodies = bodiesFor('q=oak table');
    const nameTerms = (query: unknown) => (JSON.stringify(query).match(/"term":\{"name_norm"/g) ?? []).length;
    expect(nameTerms(bodies.hits().query)).toBe(2); // one per word
    expect(nameTerms(bodies.facets(1, { total: true }).query)).toBe(0);
  });
});

describe('facet sampling', () => {
  test('samples only when a sample would be under half the matches (Elasticsearch takes p < 0.5 or exactly 1)', () => {
    expect(sampleProbability(0, 10_000)).toBe(1);
    expect(sampleProbability(20_000, 10_000)).toBe(1);
    expect(sampleProbability(20_001, 10_000)).toBeCloseTo(0.49998, 4);
    expect(sampleProbability(1_000_000, 10_000)).toBe(0.01);
  });

  test('a sample drawn at an estimated rate is drawn again only when it came out under half its size', () => {
    expect(resampleProbability(0.01, 1_000_000, 10_000)).toBeUndefined(); // 10,000: as intended
    expect(resampleProbability(0.01, 500_000, 10_000)).toBeUndefined(); // 5,000: half will do
    expect(resampleProbability(0.01, 400_000, 10_000)).toBeCloseTo(0.025, 6); // 4,000: the estimate was 2.5× too high
    expect(resampleProbability(0.01, 15_000, 10_000)).toBe(1); // few enough to count exactly
    expect(resampleProbability(1, 900_000, 10_000)).toBeUndefined(); // counted exactly already
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
