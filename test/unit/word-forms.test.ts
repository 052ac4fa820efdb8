/**
 * Finnish and Swedish, measured: the word forms of data/word-forms (from
 * inflection tables, 300+ per language, every class the shop words fall
 * into) read as their lemma at least 95% of the time, compounds end in their
 * head, and the named failures of the old stemmers are gone.
 */
import { DATA_FILES } from '../../data/files.js';
import { readTsv } from '../../eval/tsv.js';
import { scoreWordForms, type WordFormRow } from '../../eval/word-forms.js';
import { normalizeText } from '../../common/text/normalize.js';
import { stemFor } from '../../common/text/languages.js';

const rows = (language: 'fi' | 'sv') => readTsv(DATA_FILES.wordForms[language], ['lemma', 'form', 'class']) as unknown as WordFormRow[];
const key = (language: 'fi' | 'sv', word: string) => normalizeText(word, language);

test.each(['fi', 'sv'] as const)('%s: 300+ forms, and at least 95%% read as their lemma', (language) => {
  const score = scoreWordForms(rows(language), language);
  expect(score.total).toBeGreaterThanOrEqual(300);
  expect(score.passed / score.total).toBeGreaterThanOrEqual(0.95);
  expect(score.byClass.get('compound')?.passed).toBe(score.byClass.get('compound')?.total);
});

test('Finnish classes the old stemmer split now meet', () => {
  for (const [lemma, forms] of [
    ['valkoinen', ['valkoiset', 'valkoisen', 'valkoisia']],
    ['avain', ['avaimet', 'avainta', 'avaimia']],
    ['käsi', ['kädet', 'kättä', 'käsiä']],
    ['kiuas', ['kiukaat', 'kiuas', 'kiukaita']],
    ['ovi', ['ovet', 'ovessa']],
    ['puu', ['puut', 'puussa', 'puuhun']],
    ['valaisin', ['valaisinta', 'valaisimet']],
  ] as const) {
    for (const form of forms) expect([form, key('fi', form)]).toEqual([form, key('fi', lemma)]);
  }
  // Compound heads align with the word alone.
  expect(stemFor('fi', 'ulkosaunassa').endsWith(stemFor('fi', 'sauna'))).toBe(true);
  expect(stemFor('fi', 'pöytäliinat').endsWith(stemFor('fi', 'liina'))).toBe(true);
  expect(stemFor('fi', 'sähkökiukaat').endsWith(stemFor('fi', 'kiuas'))).toBe(true);
  // A word is not an ending: "pöytä" is not pöy-tä, "ikkuna" is not ikku-na.
  expect(key('fi', 'pöytä')).toBe(key('fi', 'pöydät'));
  expect(key('fi', 'ikkuna')).toBe(key('fi', 'ikkunat'));
});

test('Swedish classes the old stemmer split now meet, and -n after i stays', () => {
  for (const [lemma, forms] of [
    ['spegel', ['speglar', 'spegeln', 'speglarna']],
    ['tak', ['taket', 'takets']],
    ['hus', ['huset']],
    ['soffa', ['soffans', 'sofforna']],
    ['matta', ['mattan', 'mattor']],
  ] as const) {
    for (const form of forms) expect([form, key('sv', form)]).toEqual([form, key('sv', lemma)]);
  }
  expect(key('sv', 'gardin')).toBe(key('sv', 'gardinerna'));
  expect(key('sv', 'gardin')).not.toBe(key('sv', 'gard'));
  expect(key('sv', 'maskin')).not.toBe(key('sv', 'mask'));
  // Compounds end in their last part's key (Snowball's length-dependent regions cut them differently).
  expect(stemFor('sv', 'ullmattor').endsWith(stemFor('sv', 'matta'))).toBe(true);
  expect(stemFor('sv', 'vinglaset').endsWith(stemFor('sv', 'glas'))).toBe(true);
});
