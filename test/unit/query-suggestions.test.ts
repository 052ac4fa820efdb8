import { mergeQuerySuggestions } from '../../indexer/transform/query-suggestions.js';

const rules = { minSearches: 3, minHits: 1, blocked: [] as string[], max: 100 };

describe('learned query suggestions', () => {
  test('inflections merge in the tenant\'s language, shown in their most searched spelling', () => {
    const merged = mergeQuerySuggestions(
      [
        { query: 'sohvat', searches: 4, avgHits: 12 },
        { query: 'sohva', searches: 2, avgHits: 10 },
        { query: 'pöytä', searches: 3, avgHits: 5 },
      ],
      'fi',
      rules,
    );
    expect(merged.map(({ query, searches }) => [query, searches])).toEqual([['sohvat', 6], ['pöytä', 3]]);
    expect(merged[0]!.hits).toBeCloseTo((4 * 12 + 2 * 10) / 6, 1);
  });

  test('thresholds on searches and results; blocked words read like queries, anywhere in the query', () => {
    const counts = [
      { query: 'lamp', searches: 2, avgHits: 9 },
      { query: 'zzqx', searches: 9, avgHits: 0 },
      { query: 'cheap sofas', searches: 9, avgHits: 4 },
      { query: 'sofa', searches: 5, avgHits: 4 },
    ];
    expect(mergeQuerySuggestions(counts, 'en', { ...rules, blocked: ['Cheap'] }).map((s) => s.query)).toEqual(['sofa']);
  });
});
