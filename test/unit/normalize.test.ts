import { foldAccents, normalizeText, tokenize } from '../../common/text/normalize.js';
import { stemToken } from '../../common/text/stem.js';

describe('text normaliser (shared by index and query time)', () => {
  test('folds accents and special letters, lower-cases', () => {
    expect(foldAccents('Décor Ünïque ŁÓDŹ Straße Æsir')).toBe('decor unique lodz strasse aesir');
  });

  test('stems plurals but not words that only end in s', () => {
    expect(['sofas', 'benches', 'boxes', 'shelves', 'cabinets', 'lamps', 'dresses', 'canvas', 'glass', 'series', 'chaise', 'rugs']
      .map(stemToken)).toEqual(['sofa', 'bench', 'box', 'shelf', 'cabinet', 'lamp', 'dress', 'canvas', 'glass', 'series', 'chaise', 'rug']);
    expect(stemToken('bodies')).toBe('body');
  });

  test('keeps numbers and decade tokens whole', () => {
    expect(tokenize('70s style 2.5 inch')).toEqual(['70s', 'style', '2.5', 'inch']);
  });

  test('writes sizes one way: 48", 48 \'\', 48-inch all become "48 inch"; 18x18 becomes "18 x 18"', () => {
    expect(normalizeText('dawud 64 \'\' h x 30 \'\' w bookcase')).toBe('dawud 64 inch h x 30 inch w bookcase');
    expect(normalizeText('48" vanity')).toBe('48 inch vanity');
    expect(normalizeText('48-inch vanity')).toBe('48 inch vanity');
    expect(normalizeText('18x18 pillow covers')).toBe('18 x 18 pillow cover');
    expect(normalizeText('6 ft. table')).toBe('6 ft table');
  });

  test('index and query sides agree on the same product words', () => {
    expect(normalizeText('Mid-Century Modern Sofas')).toBe(normalizeText('mid century modern sofa'));
    expect(normalizeText('Décor pillows')).toBe(normalizeText('decor pillow'));
  });

  test('never throws on hostile text', () => {
    expect(normalizeText('')).toBe('');
    expect(normalizeText('{"query":{"match_all":{}}} \u0000\u202e')).toBe('query match all');
    expect(normalizeText('x'.repeat(10_000)).length).toBe(10_000);
  });
});
