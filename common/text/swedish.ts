/**
 * Swedish: a light rule-based key for nouns and adjectives, so that the
 * inflected forms of a word meet (soffa, soffan, soffor, sofforna, soffans
 * → soff). It strips a genitive -s after a definite or plural ending, one
 * ending of the five declensions (-or/-ar/-er plurals, -orna/-arna/-erna,
 * -en/-n/-et definites, -na, adjective -a and -e), then once more a
 * definite ending the lemma itself may end in (tapet/tapeten, lakan/lakanet:
 * every form is cut the same way), and reads -el and -er stems as their
 * plurals have them (spegel/speglar, fönster/fönstret).
 *
 * Not Snowball (tried: @nlpjs/lang-sv): its endings apply only inside a
 * region that depends on the word's length, so a compound is cut
 * differently from its last part (ullmatta → ullmat, matta → matt), and it
 * leaves -el plurals, short -et definites (taket) and genitives (soffans).
 * Stripping the same endings wherever the word starts keeps compounds and
 * their parts aligned. An -n after i is part of the word (gardin, maskin).
 *
 * Measured on data/word-forms/sv.tsv (`npm run eval` reports the pass rate).
 */

const VOWEL = /[aeiouyäöå]/;

/** Endings, longest first, with the shortest stem each may leave. */
const ENDINGS: Array<{ ending: string; min: number; fits?: (remainder: string) => boolean }> = [
  { ending: 'arna', min: 3 },
  { ending: 'orna', min: 3 },
  { ending: 'erna', min: 3 },
  { ending: 'ena', min: 3 }, // äpplena
  { ending: 'rna', min: 2, fits: (r) => VOWEL.test(r.at(-1) ?? '') }, // skorna
  // A plural -er, not the -er of fönster, vinter, filter (their plurals are fönstren, vintrar).
  { ending: 'er', min: 3, fits: (r) => !/(st|nd|nt|lt)$/.test(r) },
  { ending: 'ar', min: 3 },
  { ending: 'or', min: 3 },
  { ending: 'en', min: 3 },
  { ending: 'et', min: 3 },
  { ending: 'r', min: 2, fits: (r) => /[aoåuy]$/.test(r) }, // skor, tår
  // A definite -n after a, o, å (soffan, skon, byrån) or an -el stem (spegeln); never after i (gardin, maskin).
  { ending: 'n', min: 2, fits: (r) => /([aoå]|el)$/.test(r) },
  { ending: 't', min: 4, fits: (r) => r.endsWith('e') }, // äpplet, täcket
  { ending: 'a', min: 2 },
  { ending: 'e', min: 3 },
];

function strip(word: string, endings: readonly string[] | undefined): string {
  for (const e of ENDINGS) {
    if (endings && !endings.includes(e.ending)) continue;
    if (!word.endsWith(e.ending)) continue;
    const remainder = word.slice(0, -e.ending.length);
    if (remainder.length >= e.min && (!e.fits || e.fits(remainder))) return remainder;
  }
  return word;
}

/** The final vowel of soffa, kudde, äpple (their other forms never have it). */
const trimFinalVowel = (stem: string) => (stem.length >= 4 && /[ae]$/.test(stem) ? stem.slice(0, -1) : stem);

export function swedishKey(word: string): string {
  if (word.length < 3 || /\d/.test(word)) return word;
  // Genitive -s after a definite or plural ending: soffans, bordets, stolarnas, spegelns.
  let stem = word.length >= 6 && /(an|en|et|na|ln)s$/.test(word) ? word.slice(0, -1) : word;
  stem = trimFinalVowel(strip(stem, undefined));
  // Neuter adjectives: grön/grönt, stor/stort, lång/långt (not after l or k: filt is not fil).
  if (stem.length >= 4) stem = stem.replace(/([nrmg])t$/, '$1');
  // An ending the lemma itself may end in is cut from every form alike: tapet/tapeten, lakan/lakanet,
  // stor/stora (as sko/skor).
  stem = trimFinalVowel(strip(stem, ['et', 'n', 'r']));
  // -el and -er stems as their plurals and definites have them: spegel/speglar, fönster/fönstret.
  stem = stem.replace(/([^aeiouyäöå])e([lr])$/, '$1$2');
  return stem;
}
