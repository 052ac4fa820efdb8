import { buildLexicon, Lexicon } from '../../common/text/lexicon.js';
import { stemFor } from '../../common/text/languages.js';
import { exactTokens, normalizeText, normalizeTokens } from '../../common/text/normalize.js';
import { understandQuery } from '../../src/search/relevance.js';
import { finnishCatalog, swedishCatalog } from '../../local/commerce-api/nordic-catalogs.js';

const meet = (language: 'fi' | 'sv', forms: string[]) => new Set(forms.map((form) => normalizeText(form, language)));

describe('Finnish', () => {
  test('inflected forms of a word meet: plural, partitive, genitive, local cases', () => {
    expect(meet('fi', ['sohva', 'sohvat', 'sohvaa', 'sohvan', 'sohvia', 'sohvassa', 'sohvalla'])).toEqual(new Set(['sohv']));
    expect(meet('fi', ['tyyny', 'tyynyt', 'tyynyjä', 'tyynyn'])).toEqual(new Set(['tyyn']));
  });

  test('consonant gradation (which Snowball alone leaves) and plural stems meet', () => {
    for (const forms of [
      ['matto', 'matot', 'mattoja', 'matolla'],
      ['sänky', 'sängyt', 'sänkyjä'],
      ['pyyhe', 'pyyhkeet', 'pyyhkeitä'],
      ['kaappi', 'kaapit', 'kaappeja'],
      ['pöytä', 'pöydät', 'pöytiä', 'pöydästä'],
      ['lamppu', 'lamput'],
      ['valaisin', 'valaisimet'],
    ]) {
      expect(meet('fi', forms).size).toBe(1);
    }
  });

  test('a compound ends in the same stem as its last part, wherever the word starts', () => {
    expect(stemFor('fi', 'nahkasohva').endsWith(stemFor('fi', 'sohva'))).toBe(true);
    expect(stemFor('fi', 'sohvapöytä').endsWith(stemFor('fi', 'pöytä'))).toBe(true);
    expect(stemFor('fi', 'sähköpöydät').endsWith(stemFor('fi', 'pöytä'))).toBe(true);
  });

  test('folding: "sahkopoyta" meets "sähköpöytä"; the exact spelling is kept apart for scoring', () => {
    expect(normalizeTokens('sahkopoyta', 'fi')).toEqual(normalizeTokens('sähköpöytä', 'fi'));
    expect(exactTokens('sähköpöytä', 'fi')).toEqual(['sähköpöyt']);
    expect(exactTokens('sahkopoyta', 'fi')).toEqual(['sahkopoyt']);
    expect(exactTokens('sohva', 'en')).toEqual([]);
  });
});

describe('Swedish', () => {
  test('inflected forms meet, the definite singular included', () => {
    expect(meet('sv', ['soffa', 'soffor', 'soffan', 'sofforna'])).toEqual(new Set(['soff']));
    expect(meet('sv', ['lampa', 'lampor', 'lampan'])).toEqual(new Set(['lamp']));
    expect(meet('sv', ['bord', 'borden', 'bordet'])).toEqual(new Set(['bord']));
  });

  test('compounds end in their last part; folding meets å/ä/ö', () => {
    expect(stemFor('sv', 'lädersoffa').endsWith(stemFor('sv', 'soffa'))).toBe(true);
    expect(stemFor('sv', 'golvlampa').endsWith(stemFor('sv', 'lampa'))).toBe(true);
    expect(normalizeTokens('ladersoffa', 'sv')).toEqual(normalizeTokens('lädersoffa', 'sv'));
  });
});

describe('compounds, learned from the tenant catalog', () => {
  const fi = new Lexicon(buildLexicon(finnishCatalog().map((p) => ({ name: p.name, productClass: p.productClass, category: p.categoryPath.at(-1) ?? null })), 'fi'));
  const sv = new Lexicon(buildLexicon(swedishCatalog().map((p) => ({ name: p.name, productClass: p.productClass, category: p.categoryPath.at(-1) ?? null })), 'sv'));

  test('a word finds the compounds it ends (the same kind of product) and those it only modifies', () => {
    const sohva = understandQuery('sohva', fi, 'fi')?.words[0];
    expect(sohva?.heads).toEqual(expect.arrayContaining(['nahkasohv', 'kulmasohv', 'vuodesohv']));
    expect(sohva?.modifies).toEqual(expect.arrayContaining(['sohvapoyt', 'sohvatyyn']));
    expect(sohva?.heads).not.toContain('sohvapoyt');
    const soffa = understandQuery('soffa', sv, 'sv')?.words[0];
    expect(soffa?.heads).toEqual(expect.arrayContaining(['ladersoff', 'hornsoff']));
    expect(soffa?.modifies).toEqual(expect.arrayContaining(['soffbord']));
  });

  test('the kind of product the words point at follows the compound heads', () => {
    expect(understandQuery('sohva', fi, 'fi')?.classes[0]?.name).toBe('Sohvat');
    expect(understandQuery('lampor', sv, 'sv')?.classes[0]?.name).toBe('Lampor');
  });

  test('bounded on hostile input: huge words, mixed scripts, control characters', () => {
    for (const text of ['ä'.repeat(10_000), `sohva${'x'.repeat(10_000)}`, 'ソファ sohva диван \u0000\u202e', 'å'.repeat(5_000) + ' ' + 'ö'.repeat(5_000)]) {
      expect(() => normalizeTokens(text, 'fi')).not.toThrow();
      expect(() => understandQuery(text, fi, 'fi')).not.toThrow();
      expect(() => understandQuery(text, sv, 'sv')).not.toThrow();
    }
  });
});
