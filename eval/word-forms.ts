/**
 * Pure: how many Finnish and Swedish word forms the normaliser reads as their
 * lemma (data/word-forms/*.tsv, from inflection tables). A form passes when
 * its key equals its lemma's; a compound when its key ends in its head's key;
 * a `distinct` pair when the two keys differ. Reported by `npm run eval`.
 */
import { normalizeText } from '../common/text/normalize.js';
import type { Language } from '../common/text/languages.js';

export interface WordFormRow {
  lemma: string;
  form: string;
  class: string;
}

export interface WordFormScore {
  passed: number;
  total: number;
  byClass: Map<string, { passed: number; total: number }>;
  failures: Array<WordFormRow & { lemmaKey: string; formKey: string }>;
}

export function scoreWordForms(rows: readonly WordFormRow[], language: Language): WordFormScore {
  const byClass = new Map<string, { passed: number; total: number }>();
  const failures: WordFormScore['failures'] = [];
  let passed = 0;
  for (const row of rows) {
    const lemmaKey = normalizeText(row.lemma, language);
    const formKey = normalizeText(row.form, language);
    const ok = row.class === 'distinct' ? lemmaKey !== formKey : row.class === 'compound' ? formKey.endsWith(lemmaKey) : lemmaKey === formKey;
    const counts = byClass.get(row.class) ?? { passed: 0, total: 0 };
    counts.total += 1;
    if (ok) {
      counts.passed += 1;
      passed += 1;
    } else failures.push({ ...row, lemmaKey, formKey });
    byClass.set(row.class, counts);
  }
  return { passed, total: rows.length, byClass, failures };
}
