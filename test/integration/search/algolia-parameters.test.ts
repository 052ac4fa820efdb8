/**
 * Algolia's search parameters through our InstantSearch route, sent by the
 * official clients (algoliasearch, and algoliasearch-helper as InstantSearch
 * drives it): each honoured parameter changes the answer as Algolia's
 * reference says, and an unsupported one leaves it and is named in
 * `message` and the x-ignored-parameters header.
 */
import { liteClient } from 'algoliasearch/lite';
import algoliasearchHelper from 'algoliasearch-helper';
import { loadWandsProducts } from '../../../local/commerce-api/seed.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';
import { SettingsStore } from '../../../admin/core/settings-store.js';
import { DATA_FILES } from '../../../data/files.js';

type Hit = Record<string, unknown> & { objectID: string; name: string };
type Result = Record<string, unknown> & { hits: Hit[]; nbHits: number; facets: Record<string, Record<string, number>>; message?: string; userData?: unknown[] };

let stack: SearchStack;
let client: ReturnType<typeof liteClient>;

beforeAll(async () => {
  stack = await startSearchStack({
    tenants: { demo: loadWandsProducts(DATA_FILES.sampleCatalog).slice(0, 3000) },
    env: { SEARCH_SYNONYMS: JSON.stringify({ demo: [['zzdivan', 'sofa']] }) },
  });
  // Published before the first search, so this search container reads them at once.
  const harness = stack.tenants.get('demo');
  await new SettingsStore(harness!.es, stack.prefix).publish(
    'demo',
    {
      synonyms: [],
      rules: [
        { id: 'sofa-banner', condition: { query: { anchoring: 'contains', pattern: 'sofa' } }, consequence: { userData: { banner: 'sofas' } } },
        { id: 'mobile-only', condition: { contexts: ['mobile'] }, consequence: { userData: { mobile: true } } },
      ],
    },
    0,
    'test',
  );
  const { host, protocol } = new URL(stack.url);
  client = liteClient('demo', 'search-only-key', { hosts: [{ url: host, protocol: protocol.replace(':', '') as 'http', accept: 'readWrite' }] });
}, 120_000);
afterAll(() => stack?.close());

async function search(params: Record<string, unknown>): Promise<Result> {
  const response = await client.search({ requests: [{ indexName: 'products', ...params }] } as never);
  return response.results[0] as unknown as Result;
}

describe('Algolia search parameters through the official client', () => {
  test('attributesToRetrieve: only the attributes named (objectID always), a payload over 3× smaller; `*` and `-name` exclusions', async () => {
    const full = await search({ query: 'chair', hitsPerPage: 20 });
    const slim = await search({ query: 'chair', hitsPerPage: 20, attributesToRetrieve: ['name'], attributesToHighlight: [] });
    expect(slim.hits.map((hit) => hit.objectID)).toEqual(full.hits.map((hit) => hit.objectID));
    expect(Object.keys(slim.hits[0]!).sort()).toEqual(['name', 'objectID']);
    const bytes = (hits: Hit[]) => Buffer.byteLength(JSON.stringify(hits));
    expect(bytes(full.hits) / bytes(slim.hits)).toBeGreaterThanOrEqual(3);
    const without = await search({ query: 'chair', hitsPerPage: 2, attributesToRetrieve: ['*', '-image', '-sku'] });
    expect(without.hits[0]).not.toHaveProperty('image');
    expect(without.hits[0]).not.toHaveProperty('sku');
    expect(without.hits[0]).toHaveProperty('price');
  });

  test('a count within Algolia\'s range but above ours is answered at our most, and said so', async () => {
    const result = await search({ query: 'chair', hitsPerPage: 500, facets: ['product_class'], maxValuesPerFacet: 300 });
    expect(result.hits).toHaveLength(100);
    expect(result.hitsPerPage).toBe(100);
    expect(result.message).toContain('hitsPerPage (at most 100)');
    expect(result.message).toContain('maxValuesPerFacet (at most 100)');
  });

  test('responseFields: only the result fields named', async () => {
    const result = await search({ query: 'chair', responseFields: ['hits', 'nbHits'] });
    expect(Object.keys(result).sort()).toEqual(['hits', 'nbHits']);
  });

  test('offset/length: the hits at those positions of the same ranking', async () => {
    const page = await search({ query: 'chair', hitsPerPage: 12 });
    const slice = await search({ query: 'chair', offset: 3, length: 5 });
    expect(slice.hits.map((hit) => hit.objectID)).toEqual(page.hits.slice(3, 8).map((hit) => hit.objectID));
    expect([slice.offset, slice.length]).toEqual([3, 5]);
  });

  test('attributesToHighlight, attributesToSnippet with snippetEllipsisText, and the highlight tags', async () => {
    expect((await search({ query: 'chair', attributesToHighlight: [] })).hits[0]).not.toHaveProperty('_highlightResult');
    const snipped = await search({ query: 'chair', attributesToSnippet: ['name:2'], snippetEllipsisText: ' [...]', highlightPreTag: '<b>', highlightPostTag: '</b>' });
    const long = snipped.hits.find((hit) => hit.name.split(/\s+/).length > 3)!;
    const value = (long._snippetResult as { name: { value: string } }).name.value;
    expect(value).toContain('[...]');
    expect(value.replace(/ \[\.\.\.\]/g, '').split(/\s+/)).toHaveLength(2);
    // An attribute we cannot snippet is reported, not silently dropped.
    expect((await search({ query: 'chair', attributesToSnippet: ['description:5'] })).message).toContain('attributesToSnippet:description');
  });

  test('typoTolerance and minWordSizefor1Typo: a misspelt word is corrected only when typos are allowed for its length', async () => {
    expect((await search({ query: 'ottomn' })).nbHits).toBeGreaterThan(0);
    expect((await search({ query: 'ottomn', typoTolerance: false })).nbHits).toBe(0);
    expect((await search({ query: 'ottomn', minWordSizefor1Typo: 7 })).nbHits).toBe(0);
    expect((await search({ query: 'ottomn', typoTolerance: 'min' })).nbHits).toBeGreaterThan(0);
  });

  test('sortFacetValuesBy alpha, maxValuesPerFacet', async () => {
    const result = await search({ query: 'chair', facets: ['product_class'], maxValuesPerFacet: 5, sortFacetValuesBy: 'alpha' });
    const values = Object.keys(result.facets.product_class!);
    expect(values).toHaveLength(5);
    expect(values).toEqual([...values].sort((a, b) => a.localeCompare(b)));
  });

  test('getRankingInfo: our own signals in _rankingInfo, scores falling down the page', async () => {
    const result = await search({ query: 'velvet chair', getRankingInfo: true, hitsPerPage: 5 });
    const info = result.hits.map((hit) => hit._rankingInfo as { userScore: number; promoted: boolean; words: number; nbTypos: number });
    expect(info.every((i) => i.promoted === false && i.nbTypos === 0 && i.words >= 1)).toBe(true);
    expect(info.map((i) => i.userScore)).toEqual([...info.map((i) => i.userScore)].sort((a, b) => b - a));
    expect((await search({ query: 'chair' })).hits[0]).not.toHaveProperty('_rankingInfo');
  });

  test('synonyms, enableRules and ruleContexts', async () => {
    expect((await search({ query: 'zzdivan' })).nbHits).toBeGreaterThan(0);
    expect((await search({ query: 'zzdivan', synonyms: false })).nbHits).toBe(0);
    expect((await search({ query: 'sofa' })).userData).toEqual([{ banner: 'sofas' }]);
    expect((await search({ query: 'sofa', enableRules: false })).userData).toBeUndefined();
    expect((await search({ query: 'sofa', ruleContexts: ['mobile'] })).userData).toEqual([{ banner: 'sofas' }, { mobile: true }]);
  });

  test('advancedSyntax: "quoted phrases" as written (inflections alike) and -exclusions; /search reads the same syntax', async () => {
    const words = await search({ query: 'chair', hitsPerPage: 100 });
    const excluding = await search({ query: 'chair -rocking', advancedSyntax: true, hitsPerPage: 100 });
    expect(excluding.nbHits).toBeGreaterThan(0);
    expect(excluding.nbHits).toBeLessThan(words.nbHits);
    expect(excluding.hits.some((hit) => /rocking/i.test(hit.name))).toBe(false);
    expect(words.hits.some((hit) => /rocking/i.test(hit.name))).toBe(true);
    // Without advancedSyntax the minus is an ordinary character.
    expect((await search({ query: 'chair -rocking' })).nbHits).toBeGreaterThanOrEqual(words.nbHits);
    const phrase = await search({ query: '"bar stools"', advancedSyntax: true, hitsPerPage: 10 });
    const loose = await search({ query: 'bar stools' });
    expect(phrase.nbHits).toBeGreaterThan(0);
    expect(phrase.nbHits).toBeLessThan(loose.nbHits);
    expect(phrase.hits.filter((hit) => /bar stool/i.test(hit.name)).length).toBeGreaterThanOrEqual(5);
    const reversed = await search({ query: '"stool bar"', advancedSyntax: true });
    expect(reversed.nbHits).toBeLessThan(phrase.nbHits);
    const get = await stack.json(`/search?q=${encodeURIComponent('chair -rocking')}&size=100`);
    expect(get.body.total).toBe(excluding.nbHits);
    expect(get.body.query).toBe('chair -rocking');
  });

  test('restrictSearchableAttributes: a match must be in the attributes named; an unknown one is reported', async () => {
    const all = await search({ query: 'outdoor', hitsPerPage: 100 });
    const named = await search({ query: 'outdoor', restrictSearchableAttributes: ['name'], hitsPerPage: 100 });
    expect(named.nbHits).toBeGreaterThan(0);
    expect(named.nbHits).toBeLessThan(all.nbHits);
    expect(named.hits.every((hit) => /outdoor/i.test(hit.name))).toBe(true);
    expect((await search({ query: 'outdoor', restrictSearchableAttributes: ['colour'] })).message).toContain('restrictSearchableAttributes:colour');
  });

  test('unsupported parameters: the same answer, named in `message` and the x-ignored-parameters header; defaults are not "used"', async () => {
    const plain = await search({ query: 'chair' });
    const geo = await search({ query: 'chair', aroundLatLng: '60.17, 24.94', tagFilters: ['sale'] });
    expect(geo.hits.map((hit) => hit.objectID)).toEqual(plain.hits.map((hit) => hit.objectID));
    expect(geo.message).toMatch(/Unsupported parameters ignored: aroundLatLng, tagFilters/);
    expect(plain.message).toBeUndefined();
    expect((await search({ query: 'chair', tagFilters: '', analytics: false, clickAnalytics: true })).message).toBeUndefined();
    const response = await stack.request('/1/indexes/*/queries', { body: { requests: [{ indexName: 'products', params: 'query=chair&aroundRadius=1000&inventedParameter=1' }] } });
    expect(response.headers.get('x-ignored-parameters')).toBe('aroundRadius, inventedParameter');
  });
});

describe('algoliasearch-helper, as InstantSearch drives it', () => {
  test('the helper\'s own request, with refinements and honoured parameters, gets Algolia-shaped results', async () => {
    const helper = algoliasearchHelper(client as never, 'products', {
      facets: ['product_class'],
      disjunctiveFacets: ['brand'],
      hitsPerPage: 4,
      attributesToRetrieve: ['name', 'price'],
      getRankingInfo: true,
    });
    const base = await helper.setQuery('chair').searchOnce({});
    const chosen = Object.keys(base.content.getFacetValues('product_class', {}) as never).length > 0
      ? (base.content.getFacetValues('product_class', { sortBy: ['count:desc'] }) as Array<{ name: string; count: number }>)[0]!
      : undefined;
    expect(chosen).toBeDefined();
    const refined = await helper.setQuery('chair').addFacetRefinement('product_class', chosen!.name).searchOnce({});
    expect(refined.content.nbHits).toBe(chosen!.count);
    expect(refined.content.hits).toHaveLength(Math.min(4, chosen!.count));
    expect(Object.keys(refined.content.hits[0]).filter((key) => !key.startsWith('_')).sort()).toEqual(['name', 'objectID', 'price']);
    expect(refined.content.hits[0]._rankingInfo.userScore).toBeGreaterThan(0);
  });
});
