import { classPrecisionAt, collectJudgements, mean, ndcgAt, precisionAt, recallAt } from '../../eval/metrics.js';
import { parseTsv } from '../../eval/tsv.js';

describe('relevance metrics', () => {
  const judged = collectJudgements([
    { queryId: 'q', productId: 'a', label: 'Exact' },
    { queryId: 'q', productId: 'b', label: 'Partial' },
    { queryId: 'q', productId: 'b', label: 'Exact' }, // duplicate: the higher gain wins
    { queryId: 'q', productId: 'c', label: 'Partial' },
    { queryId: 'q', productId: 'd', label: 'Irrelevant' },
  ]).get('q')!;

  test('duplicates collapse to the highest gain', () => {
    expect(judged.get('b')).toBe(1);
  });

  test('nDCG@10 is 1 for the ideal order and lower otherwise; unjudged results count 0', () => {
    expect(ndcgAt(['a', 'b', 'c'], judged, 10)).toBeCloseTo(1);
    const ideal = 1 + 1 / Math.log2(3) + 0.5 / Math.log2(4);
    expect(ndcgAt(['x', 'a', 'b', 'c'], judged, 10)).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(4) + 0.5 / Math.log2(5)) / ideal);
    expect(ndcgAt([], judged, 10)).toBe(0);
  });

  test('precision@10 divides by 10; recall@100 by the relevant judged products', () => {
    expect(precisionAt(['a', 'd', 'x', 'c'], judged, 10)).toBeCloseTo(0.2);
    expect(recallAt(['a', 'd', 'x', 'c'], judged, 100)).toBeCloseTo(2 / 3);
    expect(mean([0.5, 1])).toBe(0.75);
  });

  test('unknown labels are refused', () => {
    expect(() => collectJudgements([{ queryId: 'q', productId: 'a', label: 'Maybe' }])).toThrow(/unknown label/);
  });

  test('TSV with CSV-quoted fields', () => {
    expect(parseTsv('query_id\tquery\n208\t"writing desk 48"""\n')).toEqual([{ query_id: '208', query: 'writing desk 48"' }]);
  });
});

describe('classPrecisionAt', () => {
  const classOf = new Map([
    ['1', 'Sofas'],
    ['2', 'Sofas|Sectionals'],
    ['3', 'Coffee & Cocktail Tables'],
  ]);
  test('counts hits whose class contains the intended class, dividing a short list by k', () => {
    expect(classPrecisionAt(['1', '2', '3'], classOf, 'Sofas', 10)).toBeCloseTo(0.2);
    expect(classPrecisionAt(['3', '1'], classOf, 'Sofas', 1)).toBe(0);
    expect(classPrecisionAt(['9'], classOf, 'Sofas', 10)).toBe(0);
  });
});
