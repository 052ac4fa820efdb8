/**
 * The one text normaliser shared by the indexer (index time) and the search
 * route (query time). The Elasticsearch we target has only core analysis (no
 * asciifolding, no stemmers), so folding, unit handling and plural stemming
 * happen here; the index stores the result in `*_norm` fields analysed with the
 * core `standard` analyser. Changing anything here changes what is indexed:
 * a full reindex is needed after a change.
 */
import { stemToken } from './stem.js';

/** Letters that Unicode decomposition does not split into base + mark. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i',
};
const SPECIAL_LETTER_PATTERN = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'g');

/** Lower-cases and strips accents: "Décor Ünïque ŁÓDŹ" → "decor unique lodz". */
export function foldAccents(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(SPECIAL_LETTER_PATTERN, (letter) => SPECIAL_LETTERS[letter] ?? letter);
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

/** Splits folded text into word tokens: letters and digits, with decimals kept whole. */
export function tokenize(text: string): string[] {
  const folded = canonicaliseUnits(foldAccents(text));
  return folded.match(/\d+(?:\.\d+)?[a-z]*|[a-z]+(?:\d+[a-z]*)*/g) ?? [];
}

/** Folded, unit-canonical, plural-stemmed tokens joined by single spaces. */
export function normalizeText(text: string): string {
  return tokenize(text).map(stemToken).join(' ');
}

/** Token list form of {@link normalizeText}, for query building. */
export function normalizeTokens(text: string): string[] {
  return tokenize(text).map(stemToken);
}
