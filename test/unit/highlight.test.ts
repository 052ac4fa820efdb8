/**
 * Highlights mark what matched, read through the same normalised forms as
 * the query: inflections, accents, corrections, compounds, synonyms and the
 * word being typed; never stop words; always on the original name.
 */
import { buildLexicon, Lexicon } from '../../common/text/lexicon.js';
import { buildSynonymIndex, NO_SYNONYMS } from '../../common/text/synonyms.js';
import type { Language } from '../../common/text/languages.js';
import { highlightName, highlightTerms } from '../../src/search/highlight.js';
import { understandQuery } from '../../src/search/relevance.js';

const tags = { preTag: '<mark>', postTag: '</mark>', escapeHtml: true };

function shop(language: Language, names: Array<[string, string]>) {
  return new Lexicon(buildLexicon(names.map(([name, productClass]) => ({ name, productClass: [productClass], category: productClass })), language));
}

const en = shop('en', [
  ['Oak Chair with Arms', 'Chairs'],
  ['Décor Vase', 'Decor'],
  ['Velvet Sofa', 'Sofas'],
  ['Velvet Sofa Bed', 'Sofas'],
  ['Coffee Table, 48" wide', 'Tables'],
]);

const mark = (query: string, name: string, lexicon = en, language: Language = 'en', options: { typing?: boolean; synonyms?: string[][] } = {}) => {
  const synonyms = options.synonyms ? buildSynonymIndex(options.synonyms, language) : NO_SYNONYMS;
  return highlightName(name, highlightTerms(understandQuery(query, lexicon, language, synonyms, options.typing ?? false)), tags);
};

describe('highlights in English', () => {
  test('an inflected or unaccented word marks the name\'s own form', () => {
    expect(mark('chairs', 'Oak Chair with Arms')).toBe('Oak <mark>Chair</mark> with Arms');
    expect(mark('decor', 'Décor Vase')).toBe('<mark>Décor</mark> Vase');
    expect(mark('velvet sofas', 'Velvet Sofa Bed')).toBe('<mark>Velvet</mark> <mark>Sofa</mark> Bed');
  });

  test('stop words are never marked, even when typed', () => {
    expect(mark('chair with arms', 'Oak Chair with Arms')).toBe('Oak <mark>Chair</mark> with <mark>Arms</mark>');
    expect(mark('with', 'Oak Chair with Arms')).toBeUndefined();
  });

  test('a corrected word marks what it was corrected to; a word being typed marks the words it starts', () => {
    expect(mark('velvte', 'Velvet Sofa')).toBe('<mark>Velvet</mark> Sofa');
    expect(mark('velvet so', 'Velvet Sofa', en, 'en', { typing: true })).toBe('<mark>Velvet</mark> <mark>Sofa</mark>');
    expect(mark('velvet so', 'Velvet Sofa')).toBe('<mark>Velvet</mark> Sofa'); // submitted: "so" is a word of its own
  });

  test('a synonym marks the word it stands for', () => {
    expect(mark('couch', 'Velvet Sofa', en, 'en', { synonyms: [['couch', 'sofa']] })).toBe('Velvet <mark>Sofa</mark>');
  });

  test('names are escaped before tags are added; nothing matched is no highlight', () => {
    expect(mark('sofa', '<b>Sofa</b> & "Co"')).toBe('&lt;b&gt;<mark>Sofa</mark>&lt;&#x2F;b&gt; &amp; &quot;Co&quot;');
    expect(mark('lamp', 'Velvet Sofa')).toBeUndefined();
    expect(highlightName('Velvet Sofa', highlightTerms(undefined), tags)).toBeUndefined();
  });
});

describe('highlights in Finnish and Swedish', () => {
  const fi = shop('fi', [
    ['Harmaa nahkasohva', 'Sohvat'],
    ['Kulmasohva Oslo', 'Sohvat'],
    ['Sohvapöytä tammi', 'Sohvapöydät'],
    ['Ruokapöytä ja tuolit', 'Pöydät'],
  ]);
  const sv = shop('sv', [
    ['Grå lädersoffa', 'Soffor'],
    ['Soffbord i ek', 'Soffbord'],
  ]);

  test('an inflected word marks the compounds it heads or modifies, whole', () => {
    expect(mark('sohvat', 'Harmaa nahkasohva', fi, 'fi')).toBe('Harmaa <mark>nahkasohva</mark>');
    expect(mark('sohvaa', 'Kulmasohva Oslo', fi, 'fi')).toBe('<mark>Kulmasohva</mark> Oslo');
    expect(mark('sohva', 'Sohvapöytä tammi', fi, 'fi')).toBe('<mark>Sohvapöytä</mark> tammi');
    expect(mark('soffor', 'Grå lädersoffa', sv, 'sv')).toBe('Grå <mark>lädersoffa</mark>');
  });

  test('unaccented typing marks the accented name; the language\'s stop words are not marked', () => {
    expect(mark('ruokapoyta ja tuolit', 'Ruokapöytä ja tuolit', fi, 'fi')).toBe('<mark>Ruokapöytä</mark> ja <mark>tuolit</mark>');
    expect(mark('soffbord i ek', 'Soffbord i ek', sv, 'sv')).toBe('<mark>Soffbord</mark> i <mark>ek</mark>');
  });
});
