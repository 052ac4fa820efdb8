/**
 * Words that carry no product meaning in a shopper's query ("table *for*
 * kitchen", "18 *x* 18", "pöytä *ja* tuolit", "bord *och* stolar"), per
 * language. They never have to match and are never highlighted. Kept
 * deliberately short: "set", "top", "up" are product words, and so are
 * Finnish "ilman" (without) and Swedish "utan".
 */
import { normalizeTokens } from './normalize.js';
import type { Language } from './languages.js';

/** Dimension letters and the multiplication sign: "18 x 18", "w 60 h 90". */
const DIMENSIONS = ['x', 'w', 'h', 'd', 'l'];

const STOP_WORDS: Record<Language, readonly string[]> = {
  en: ['a', 'an', 'and', 'or', 'the', 'for', 'with', 'of', 'in', 'on', 'to', 'by', ...DIMENSIONS],
  // Conjunctions and the copula; Finnish expresses "in", "for", "with" as case endings, not words.
  fi: ['ja', 'tai', 'sekä', 'eli', 'on', 'myös', ...DIMENSIONS],
  sv: ['och', 'eller', 'samt', 'med', 'för', 'till', 'i', 'på', 'av', 'en', 'ett', 'den', 'det', 'som', 'är', ...DIMENSIONS],
};

// Stored as the normaliser reads them (stemmed and folded: "för" → "for"), since that is what is looked up.
const STOP_TOKENS = new Map<Language, ReadonlySet<string>>(
  (Object.keys(STOP_WORDS) as Language[]).map((language) => [language, new Set(STOP_WORDS[language].flatMap((word) => normalizeTokens(word, language)))]),
);

export function isStopToken(token: string, language: Language = 'en'): boolean {
  return STOP_TOKENS.get(language)?.has(token) ?? false;
}
