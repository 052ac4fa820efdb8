/**
 * Per-tenant language: en (default), fi or sv, configured once
 * (TENANT_LANGUAGES) and read by the indexer and search alike, so a word is
 * reduced the same way on both sides.
 *
 * - en: plural folding only (stem.ts).
 * - fi: finnish.ts, a light rule-based key (one case ending, the stem's final
 *   vowels, and the alternations of the declension types: gradation, -nen,
 *   -in/-ime-, -si/-de-, -as/-kaa-).
 * - sv: swedish.ts, the same for the five declensions (-el stems, -et
 *   definites, genitive -s, adjective -t/-a included).
 * Both strip the same endings wherever the word starts, so a compound ends in
 * the key of its last part. Neither is Snowball: Snowball's regions depend on
 * the word's length, so it cuts a compound differently from its last part.
 * Measured against inflection tables (data/word-forms) and against Voikko's
 * dictionary in docs/languages.md.
 * Compound words are handled with the catalog's own vocabulary (lexicon.ts),
 * not here. Folding (ä → a, ö → o, å → a) happens after stemming, so the
 * stemmer sees the real letters; `exact` keeps them for scoring.
 */
import { stemToken } from './stem.js';
import { finnishKey } from './finnish.js';
import { swedishKey } from './swedish.js';

/**
 * The version of the keys the normaliser makes (stems, folding). Bump it with any change that reads a word
 * differently: an index is stamped with the version its documents were normalised by, and the indexer
 * rebuilds one made by another, since its stored keys would no longer meet the queries'.
 * 2: finnish.ts and swedish.ts replace the light Finnish stripper and Snowball Swedish.
 */
export const NORMALISER_VERSION = 2;

export const LANGUAGES = ['en', 'fi', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Languages whose words compound ("nahkasohva" is a "sohva"): the last part names the product. */
export const COMPOUNDING: ReadonlySet<Language> = new Set(['fi', 'sv']);

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
