/**
 * Per-tenant language: en (default), fi or sv, configured once
 * (TENANT_LANGUAGES) and read by the indexer and search alike, so a word is
 * reduced the same way on both sides.
 *
 * - en: plural folding only (stem.ts).
 * - fi: a light suffix stripper (plural, partitive, genitive and the local
 *   cases), the stem's final vowels, then consonant gradation undone
 *   (kk/pp/tt → k/p/t, ng → nk, nn → nt, ll → lt, rr → rt, mm → mp, d → t,
 *   hk → h as in pyyhe/pyyhkeet, -im as in valaisin/valaisimet), so every
 *   inflected form of a word meets. Not Snowball: its Finnish stemmer (tried:
 *   @nlpjs/lang-fi) leaves gradation (sänky/sängyt, pöytä/pöydät) and stems a
 *   compound's last part differently from the word alone, since its regions
 *   depend on the word's length ("pöytä" → pöytä, "sohvapöytä" → sohvapöy),
 *   so "pöytä" would not find "sohvapöytä". Stripping the same endings
 *   wherever the word starts keeps compounds and their parts aligned.
 * - sv: the Snowball Swedish stemmer (@nlpjs/lang-sv, a maintained port of
 *   the Snowball original, 125k downloads a month), plus the definite
 *   singulars it leaves (soffan → soffa, bordet → bord).
 * Compound words are handled with the catalog's own vocabulary (lexicon.ts),
 * not here. Folding (ä → a, ö → o, å → a) happens after stemming, so the
 * stemmer sees the real letters; `exact` keeps them for scoring.
 */
// Imported statically so that esbuild bundles it: the Lambda zips hold no node_modules (a require() built
// at run time was left out of the bundle, and the first Swedish word crashed the deployed functions).
// Bundled, it adds about 3 ms to a cold start and 30 kB to a zip.
import SwedishSnowball from '@nlpjs/lang-sv/src/stemmer-sv.js';
import { stemToken } from './stem.js';

export const LANGUAGES = ['en', 'fi', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Languages whose words compound ("nahkasohva" is a "sohva"): the last part names the product. */
export const COMPOUNDING: ReadonlySet<Language> = new Set(['fi', 'sv']);

let swedish: SwedishSnowball | undefined;
function swedishStemmer(): SwedishSnowball {
  swedish ??= new SwedishSnowball();
  return swedish;
}

/** Finnish endings, longest first; each both with and without vowel harmony (a/ä). */
const FINNISH_ENDINGS = [
  'iden', 'itten', 'issa', 'issä', 'ista', 'istä', 'illa', 'illä', 'ilta', 'iltä', 'ille', 'iksi',
  'jen', 'ien', 'ssa', 'ssä', 'sta', 'stä', 'lla', 'llä', 'lta', 'ltä', 'lle', 'ksi', 'ita', 'itä',
  'ja', 'jä', 'ia', 'iä', 'na', 'nä', 't', 'n', 'a', 'ä',
];
const FINNISH_VOWELS = /[aeiouyäö]+$/;

/** Consonant gradation at the end of a Finnish stem: strong and weak grades to one form. */
const FINNISH_GRADATION: Array<[RegExp, string]> = [
  [/([kpt])\1$/, '$1'], // kaappi/kaapit, matto/matot
  [/ng$/, 'nk'], // sänky/sängyt
  [/nn$/, 'nt'], // ranta/rannat
  [/ll$/, 'lt'], // kulta/kullat
  [/rr$/, 'rt'], // parta/parrat
  [/mm$/, 'mp'], // kampa/kammat
  [/hk$/, 'h'], // pyyhe/pyyhkeet
  [/([aeiouyäö])d$/, '$1t'], // pöytä/pöydät
];

function finnishKey(word: string): string {
  if (word.length < 4 || /\d/.test(word)) return word;
  let stem = word;
  // One ending, keeping at least four letters (a shorter remainder is more likely the word itself).
  const ending = FINNISH_ENDINGS.find((e) => stem.endsWith(e) && stem.length - e.length >= 4);
  if (ending) stem = stem.slice(0, -ending.length);
  const trimmed = stem.replace(FINNISH_VOWELS, '');
  if (trimmed.length >= 3) stem = trimmed;
  // -in words: valaisin, valaisimet → valais.
  if (stem.length > 5) stem = stem.replace(/im$/, '');
  for (const [pattern, replacement] of FINNISH_GRADATION) {
    const next = stem.replace(pattern, replacement);
    if (next !== stem) return next;
  }
  return stem;
}

function swedishKey(word: string): string {
  if (word.length < 3 || /\d/.test(word)) return word;
  const stemmer = swedishStemmer();
  let stem = stemmer.stemWord(word);
  // Definite singulars Snowball leaves whole: -et (bordet), and -n after a vowel (soffan, lampan).
  if (stem === word && word.length > 5 && word.endsWith('et')) stem = stemmer.stemWord(word.slice(0, -2));
  else if (stem === word && word.length > 4 && /[aeiouyåäö]n$/.test(word)) stem = stemmer.stemWord(word.slice(0, -1));
  return stem;
}

const FOLD: Record<string, string> = { ä: 'a', ö: 'o', å: 'a' };

/** ä → a, ö → o, å → a: the letters a shopper without a Nordic keyboard types instead. */
export function foldNordic(word: string): string {
  return word.replace(/[äöå]/g, (letter) => FOLD[letter] ?? letter);
}

/** A token (lower-case, other accents already folded) → its stem in `language`, Nordic letters kept. */
export function stemFor(language: Language, token: string): string {
  if (language === 'fi') return finnishKey(token);
  if (language === 'sv') return swedishKey(token);
  return stemToken(token);
}
