/**
 * The one text normaliser shared by the indexer (index time) and the search
 * route (query time). The Elasticsearch we target has only core analysis (no
 * asciifolding, no stemmers), so folding, unit handling and plural stemming
 * happen here; the index stores the result in `*_norm` fields analysed with the
 * core `standard` analyser. Changing anything here changes what is indexed:
 * a full reindex is needed after a change.
 */
import { foldNordic, stemFor, type Language } from './languages.js';

/** Letters that Unicode decomposition does not split into base + mark. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i',
};
const SPECIAL_LETTER_PATTERN = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'g');

const NORDIC = /[äöå]/g;
const PROTECTED: Record<string, string> = { ä: '\uE000', ö: '\uE001', å: '\uE002', '\uE000': 'ä', '\uE001': 'ö', '\uE002': 'å' };

/**
 * Lower-cases and strips accents: "Décor Ünïque ŁÓDŹ" → "decor unique lodz".
 * `keepNordic`: ä, ö and å stay (Finnish and Swedish stem on them; they are
 * folded after stemming, see languages.ts).
 */
export function foldAccents(text: string, keepNordic = false): string {
  const lower = text.toLowerCase();
  const folded = (keepNordic ? lower.normalize('NFC').replace(NORDIC, (letter) => PROTECTED[letter] ?? letter) : lower)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(SPECIAL_LETTER_PATTERN, (letter) => SPECIAL_LETTERS[letter] ?? letter);
  return keepNordic ? folded.replace(/[\uE000-\uE002]/g, (letter) => PROTECTED[letter] ?? letter) : folded;
}

/**
 * Product titles write sizes many ways: `48"`, `48 ''`, `48 in.`, `48-inch`,
 * `18x18`, `18 x 18`. Rewrite them to one spelling so a shopper's `48 inch`
 * finds `48''` and `18x18` finds `18 x 18`.
 */
function canonicaliseUnits(text: string): string {
  return text
    .replace(/(\d)\s*(?:''|"|”|″|-?\s*inch(?:es)?\b|\s+in\.(?=\s|$))/g, '$1 inch ')
    .replace(/(\d)\s*(?:'|’|′|-?\s*f(?:oo|ee)t\b|\s+ft\.?(?=\s|$))(?!')/g, '$1 ft ')
    .replace(/(\d)\s*x\s*(?=\d)/g, '$1 x ');
}

/** Splits folded text into word tokens: letters and digits, with decimals kept whole (ä, ö, å kept for fi and sv). */
export function tokenize(text: string, language: Language = 'en'): string[] {
  const folded = canonicaliseUnits(foldAccents(text, language !== 'en'));
  return folded.match(/\d+(?:\.\d+)?[a-zäöå]*|[a-zäöå]+(?:\d+[a-zäöå]*)*/g) ?? [];
}

/** Folded, unit-canonical, stemmed tokens joined by single spaces (what `*_norm` fields hold). */
export function normalizeText(text: string, language: Language = 'en'): string {
  return normalizeTokens(text, language).join(' ');
}

/** Token list form of {@link normalizeText}, for query building: stems with ä/ö/å folded, so "poyta" meets "pöytä". */
export function normalizeTokens(text: string, language: Language = 'en'): string[] {
  return tokenize(text, language).map((token) => foldNordic(stemFor(language, token)));
}

/** fi and sv: the stems with ä, ö and å as written, for scoring the exact spelling higher (empty for en). */
export function exactTokens(text: string, language: Language = 'en'): string[] {
  if (language === 'en') return [];
  return tokenize(text, language).map((token) => stemFor(language, token));
}
