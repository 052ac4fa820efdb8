/**
 * Pure: the kinds of product a query asks for, read as a head plus
 * modifiers, all learned from the tenant's catalog.
 *
 * - The head is the query's last word that some product class name ends in
 *   ("stool" of "Bar Stools", "chair" of "Dining Chairs"; in Finnish and
 *   Swedish, a compound ending in one): a modifier comes before its noun, so
 *   "chair mat" is a mat. A query with no such word, or of one word, has no
 *   head: its words vote alike, as before.
 * - The head's classes lead and the other words refine them
 *   (Lexicon.classesFor with the head): as much as the head names one kind
 *   of product ("furniture" names none in particular).
 * - The classes whose name ends in the head and has another of the query's
 *   words are what the query names; the more words such a name shares with
 *   the query, of all the words either has, the stronger its share ("dining chairs" → Dining Chairs over Patio
 *   Dining Chairs over Office Chairs), even when the catalog has few of them
 *   among the head's commonest classes.
 */
import type { Lexicon } from '../../common/text/lexicon.js';
import { COMPOUNDING, type Language } from '../../common/text/languages.js';
import { normalizeTokens } from '../../common/text/normalize.js';
import { isStopToken } from '../../common/text/stopwords.js';

/** The share a class named by the head and every other word gets (× CLASS in relevance.ts: about two words' worth). */
const NAMED_SHARE = 0.34;

interface ClassName {
  name: string;
  words: ReadonlySet<string>;
  head: string;
}

const classNames = new WeakMap<Lexicon, { language: Language; names: ClassName[] }>();

function namesOf(lexicon: Lexicon, language: Language): ClassName[] {
  const cached = classNames.get(lexicon);
  if (cached?.language === language) return cached.names;
  const names = lexicon.classNames.flatMap((name) => {
    const words = normalizeTokens(name, language).filter((token) => !isStopToken(token, language));
    const head = words.at(-1);
    return head ? [{ name, words: new Set(words), head }] : [];
  });
  classNames.set(lexicon, { language, names });
  return names;
}

/** Whether a query word is (or, in Finnish and Swedish, ends in) a class name's head word. */
function names(word: string, head: string, language: Language): boolean {
  return word === head || (COMPOUNDING.has(language) && head.length >= 3 && word.endsWith(head));
}

/** The query's head: its last word that some class name ends in. */
export function headWord(evidence: readonly string[], lexicon: Lexicon, language: Language): string | undefined {
  if (evidence.length < 2) return undefined;
  const heads = new Set(namesOf(lexicon, language).map((c) => c.head));
  for (let i = evidence.length - 1; i >= 0; i -= 1) {
    const word = evidence[i] as string;
    if (heads.has(word) || (COMPOUNDING.has(language) && [...heads].some((head) => names(word, head, language)))) return word;
  }
  return undefined;
}

export function intentClasses(evidence: readonly string[], lexicon: Lexicon, language: Language, options: { limit: number; minShare: number }): Array<{ name: string; share: number }> {
  const head = headWord(evidence, lexicon, language);
  const voted = lexicon.classesFor(evidence, options.limit, options.minShare, head);
  if (!head) return voted;
  const modifiers = [...new Set(evidence.filter((word) => word !== head))];
  const shares = new Map(voted.map((c) => [c.name, c.share]));
  for (const c of namesOf(lexicon, language)) {
    if (!names(head, c.head, language)) continue;
    // The words the query and the name share, of all the words either has (the head counts in both).
    const shared = modifiers.filter((word) => c.words.has(word)).length;
    // A name the other words do not refine says no more than the head's own classes do.
    if (shared === 0) continue;
    const fit = (1 + shared) / (1 + modifiers.length + (c.words.size - 1 - shared));
    shares.set(c.name, Math.max(shares.get(c.name) ?? 0, NAMED_SHARE * fit));
  }
  return [...shares]
    .map(([name, share]) => ({ name, share }))
    .filter((c) => c.share >= options.minShare)
    .sort((a, b) => b.share - a.share || (a.name < b.name ? -1 : 1))
    .slice(0, options.limit);
}
