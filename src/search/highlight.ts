/**
 * Pure: highlights on the displayed name, through the same normalised forms
 * the query matched on. Each word of the name is read as the indexer read it
 * (folded, stemmed; common/text/normalize.ts) and marked whole when that
 * form is one the query matched: the shopper's word in any inflection
 * ("chairs" marks "Chair", "sohvat" marks "Sohva"), without its accents
 * ("decor" marks "Décor"), its correction, its two halves, the compounds it
 * heads or modifies ("sohva" marks "Nahkasohva"), a synonym, or the word
 * being typed. Stop words are never marked. The marks go onto the original
 * name, so Elasticsearch highlights nothing (and spends nothing on it).
 */
import { normalizeTokens } from '../../common/text/normalize.js';
import { isStopToken } from '../../common/text/stopwords.js';
import type { Language } from '../../common/text/languages.js';
import type { QueryUnderstanding } from './relevance.js';

export interface HighlightTerms {
  language: Language;
  /** Normalised forms that mark a name word. */
  words: ReadonlySet<string>;
  /** Normalised prefixes that mark a name word starting with them (the word being typed). */
  prefixes: readonly string[];
}

export interface HighlightTags {
  preTag: string;
  postTag: string;
  /** Escape the name's markup characters before adding tags (our API); InstantSearch escapes client-side. */
  escapeHtml: boolean;
}

/** The forms a query matched, from its understanding (relevance.ts). undefined when nothing can be marked. */
export function highlightTerms(understanding: QueryUnderstanding | undefined): HighlightTerms | undefined {
  if (!understanding) return undefined;
  const { language } = understanding;
  const words = new Set<string>();
  const prefixes: string[] = [];
  for (const word of understanding.words) {
    for (const form of [word.token, word.corrected, ...(word.split ?? []), ...(word.heads ?? []), ...(word.joins ?? []), ...(word.modifies ?? [])]) {
      if (form) words.add(form);
    }
    if (word.prefix) prefixes.push(word.token);
  }
  for (const variant of understanding.synonymVariants) for (const token of variant) words.add(token);
  for (const word of words) if (isStopToken(word, language)) words.delete(word);
  return words.size > 0 || prefixes.length > 0 ? { language, words, prefixes } : undefined;
}

/** A word of a name as it is written: letters (with their accents) and digits, decimals whole, as tokenize reads them. */
const NAME_WORD = /\d+(?:[.,]\d+)?[\p{L}\p{M}]*|[\p{L}\p{M}]+(?:\d+[\p{L}\p{M}]*)*/gu;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '/': '&#x2F;' };
const escapeHtml = (text: string) => text.replace(/[&<>"'/]/g, (c) => HTML_ESCAPES[c] ?? c);

/**
 * A name word's normalised forms, remembered: the same catalog words come back on every page, and reading
 * one (folding, units, stemming) costs far more than a lookup. Bounded: cleared when full.
 */
const FORMS_CACHE_SIZE = 20_000;
const formsCache = new Map<string, string[]>();
function formsOf(word: string, language: Language): string[] {
  const key = `${language}:${word}`;
  let forms = formsCache.get(key);
  if (!forms) {
    if (formsCache.size >= FORMS_CACHE_SIZE) formsCache.clear();
    forms = normalizeTokens(word, language).filter((form) => !isStopToken(form, language));
    formsCache.set(key, forms);
  }
  return forms;
}

/** The name with the words the query matched between the tags; undefined when no word matched. */
export function highlightName(name: string, terms: HighlightTerms | undefined, tags: HighlightTags): string | undefined {
  if (!terms || !name) return undefined;
  const text = (part: string) => (tags.escapeHtml ? escapeHtml(part) : part);
  let marked = '';
  let last = 0;
  let any = false;
  for (const match of name.matchAll(NAME_WORD)) {
    const forms = formsOf(match[0], terms.language);
    const hit = forms.some((form) => terms.words.has(form) || terms.prefixes.some((prefix) => form.startsWith(prefix)));
    if (!hit) continue;
    const start = match.index;
    marked += `${text(name.slice(last, start))}${tags.preTag}${text(match[0])}${tags.postTag}`;
    last = start + match[0].length;
    any = true;
  }
  return any ? marked + text(name.slice(last)) : undefined;
}
