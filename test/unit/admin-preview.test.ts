/** The preview's pure core: what moved, entered and left, and which queries a draft touches. */
import { compareResults, parsePreviewQueries, previewQueries, PreviewRequestError } from '../../admin/core/preview.js';
import type { MerchandisingSettings } from '../../common/contract/merchandising.js';

const result = (ids: string[], total = ids.length, appliedRules: string[] = []) => ({ total, top: ids.map((id) => ({ id, name: `product ${id}` })), appliedRules, redirect: null });

describe('preview comparison', () => {
  test('moved, entered and left are read position by position; the total change is the difference', () => {
    const preview = compareResults('sofa', result(['a', 'b', 'c', 'd'], 40), result(['x', 'a', 'c', 'b'], 38, ['pin']));
    expect(preview.entered).toEqual([{ id: 'x', name: 'product x', position: 1 }]);
    expect(preview.left).toEqual([{ id: 'd', name: 'product d', position: 4 }]);
    expect(preview.moved.map(({ id, from, to }) => [id, from, to])).toEqual([['a', 1, 2], ['b', 2, 4]]);
    expect(preview.totalChange).toBe(-2);
    expect(preview.changed).toBe(true);
  });

  test('the same page, total, rules and redirect: no change', () => {
    expect(compareResults('q', result(['a', 'b']), result(['a', 'b'])).changed).toBe(false);
    expect(compareResults('q', result(['a', 'b']), result(['a', 'b'], 2, ['boost'])).changed).toBe(true);
  });
});

describe('preview queries', () => {
  const rule = (id: string, pattern: string, hide = ['1']) => ({ id, condition: { query: { anchoring: 'is' as const, pattern } }, consequence: { hide } });
  const current: MerchandisingSettings = { synonyms: [{ id: 's', type: 'synonym', synonyms: ['sofa', 'couch'] }], rules: [rule('keep', 'lamp'), rule('edit', 'chair'), rule('drop', 'table')] };

  test('without queries given: the patterns and phrases the change adds, changes or removes, once each', () => {
    const draft: MerchandisingSettings = {
      synonyms: [{ id: 's', type: 'synonym', synonyms: ['sofa', 'couch'] }, { id: 't', type: 'oneWaySynonym', input: 'loveseat', synonyms: ['sofa'] }],
      rules: [rule('keep', 'lamp'), rule('edit', 'chair', ['2']), rule('new', 'Chair')],
    };
    expect(previewQueries(current, draft)).toEqual(['chair', 'table', 'loveseat']);
    expect(previewQueries(current, current)).toEqual([]);
    expect(previewQueries(current, current, ['top query'])).toEqual(['top query']);
  });

  test('given queries are checked, naming the one at fault', () => {
    expect(parsePreviewQueries(undefined)).toBeUndefined();
    expect(parsePreviewQueries([' sofa '])).toEqual(['sofa']);
    expect(() => parsePreviewQueries('sofa')).toThrow(PreviewRequestError);
    expect(() => parsePreviewQueries(['ok', ''])).toThrow(/queries\.1/);
    expect(() => parsePreviewQueries(Array.from({ length: 31 }, () => 'q'))).toThrow(/at most 30/);
  });
});
