import { parseAdvancedSyntax } from '../../src/search/advanced-syntax.js';

describe('advanced syntax', () => {
  test('phrases and exclusions are read out, normalised; the words searched keep the phrases', () => {
    const parsed = parseAdvancedSyntax('"leather sofas" brown -cheap -sofas', 'en');
    expect(parsed.text).toBe('leather sofas brown');
    expect(parsed.phrases).toEqual([['leather', 'sofa']]);
    expect(parsed.excluded).toEqual(['cheap', 'sofa']);
  });

  test('hyphens inside words, lone hyphens and unclosed quotes are ordinary characters', () => {
    expect(parseAdvancedSyntax('t-shirt - large', 'en')).toEqual({ text: 't-shirt - large', phrases: [], excluded: [] });
    expect(parseAdvancedSyntax('12" pan', 'en')).toEqual({ text: '12 pan', phrases: [], excluded: [] });
  });

  test('features can be turned off one by one; Finnish words are read in Finnish', () => {
    expect(parseAdvancedSyntax('"a b" -c', 'en', ['excludeWords'])).toEqual({ text: '"a b"'.replace(/"/g, ' ').trim().replace(/\s+/g, ' '), phrases: [], excluded: ['c'] });
    expect(parseAdvancedSyntax('sohva -nahkasohvat', 'fi').excluded).toEqual(parseAdvancedSyntax('-nahkasohva', 'fi').excluded);
  });
});
