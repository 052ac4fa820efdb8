/**
 * Pure: a shopper's text → the Elasticsearch query that finds and ranks
 * products, in one round trip, from core query types only. The one place
 * relevance is tuned; every rule is general (no rule names a query, word,
 * brand or product).
 *
 * Ranking over filtering: a product matches when any meaningful word does,
 * and is ranked, in this order of weight, by
 *   1. how many of the words it has (each a constant score on `all_norm`),
 *      a word in the name worth a little more than one only in the brand,
 *      class or category (so equal products are ordered by their names);
 *   2. whether it is of a product class the words concentrate in, learned
 *      from the tenant's own catalog (the lexicon);
 *   3. BM25 over the fields (name above brand and class above category):
 *      which words, how rare, in which field. It is the costly part at
 *      scale (four postings lists per word, over every match), so it
 *      reorders only the best RESCORE_WINDOW products of the first pass.
 *      The first pass is constant scores only, which Elasticsearch can skip
 *      through instead of scoring every match.
 * Typo tolerance, split words and search-as-you-type are decided per word
 * with the lexicon, before Elasticsearch sees the query: a known word is an
 * exact term; an unknown one becomes the closest known word (one or two
 * edits), two known words run together, or a prefix when it is the word
 * being typed. So Elasticsearch never expands a fuzzy term on its own.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { Lexicon } from '../../common/text/lexicon.js';
import { exactTokens, normalizeTokens, tokenize } from '../../common/text/normalize.js';
import { COMPOUNDING, type Language } from '../../common/text/languages.js';
import { isStopToken } from '../../common/text/stopwords.js';
import { expandSynonyms, NO_SYNONYMS, type SynonymIndex } from '../../common/text/synonyms.js';
import { estimateMatches } from './match-estimate.js';
import { intentClasses } from './class-intent.js';

type Query = estypes.QueryDslQueryContainer;

/**
 * BM25 fields and weights: the tie-break within a tier of words matched.
 * Descriptions are left out: they changed no eval figure and were the
 * largest postings lists to score.
 */
export const TEXT_FIELDS = ['name_norm^3', 'brand_norm^2', 'class_norm^2', 'category_norm'];
/** Products whose order the per-field BM25 decides (the rest keep the first pass's order). */
export const RESCORE_WINDOW = 200;
/** Every searchable word of a product (name, brand, class, category), indexed once: the words-matched tier. */
const ALL_WORDS = 'all_norm';
/** The name's words: the small bonus that orders products with the same words. */
const NAME_WORDS = 'name_norm';

/** fi/sv: stems as spelled with ä/ö/å (a bonus for the exact spelling over the folded one). */
const EXACT_WORDS = 'exact_norm';

/** Weights, chosen on the development signals (README, Relevance) as general rules. */
const WORD = 10; // per word matched, every word alike (weighting rare words more lost on both signals)
// A word the name has, over one only in brand, class or category: a tie-break within a tier, far below the
// least class boost. Without it, which of many equal products reach the rescore window is index order.
const IN_NAME = 0.05;
const CLASS = 60; // × the class's share of the evidence (smoothed, usually 0.1–0.4) ...
const CLASS_CAP = 2 * WORD; // ... and never more than two words' worth: a gentle boost, not a filter
const GUESS = 0.5; // a corrected, split or prefix match, relative to the word itself
const CLASSES = { limit: 4, minShare: 0.1 }; // classes boosted per query, and the least share that counts
const EXACT_ID = 1_000; // a product id or SKU typed exactly
const SPELLING = 0.2; // fi/sv: the word spelled with ä/ö/å as in the product, over a folded match
/** fi/sv: compounds a word may head or modify, per word (the most common first). */
const MAX_COMPOUNDS = 20;

/** Meaningful words considered per query: enough for any real query, and a bound on the query's size. */
const MAX_WORDS = 10;

export interface WordReading {
  token: string;
  /** In the tenant's catalog. */
  known: boolean;
  /** The closest known word, for an unknown one. */
  corrected?: string;
  /** Two known words run together ("twinxl" → twin, xl). */
  split?: [string, string];
  /** The word still being typed: an unknown last word also matches as a prefix. */
  prefix: boolean;
  /** fi/sv: the word as spelled with ä/ö/å, when that differs (matching it scores a little more). */
  exact?: string;
  /** fi/sv: the catalog's compounds whose last part is this word (nahkasohva for sohva): the same kind of product. */
  heads?: string[];
  /** fi/sv: compounds this word only modifies (sohvapöytä for sohva): a table, not a sofa. */
  modifies?: string[];
  /** fi/sv: compounds this word modifies that another query word heads ("nahka sohva" → nahkasohva): both words, in full. */
  joins?: string[];
}

export interface QueryUnderstanding {
  /** The tenant's language: how the words were read (and names are read to highlight them). */
  language: Language;
  /** Every normalised token, stop words included (synonym phrases are found among them). */
  tokens: string[];
  /** Synonym phrases found whole among the tokens, as the alternatives' tokens (the first variant, the query itself, left out). */
  synonymVariants: string[][];
  words: WordReading[];
  /** Product classes the words point at, with their share of the evidence. */
  classes: Array<{ name: string; share: number }>;
  /** The query with unknown words corrected, when any was: "did you mean". */
  correction: string | null;
  /** About how many products the words match, at most (match-estimate.ts): the facet sample's rate on a large catalog. */
  matches: number;
}

/** How many typos a word may have, by its length (InstantSearch's typoTolerance, minWordSizefor1Typo/2Typos). */
export interface TypoBudget {
  enabled: boolean;
  oneTypo: number;
  twoTypos: number;
}

/** Algolia's defaults, and ours: none under 4 letters ("rug" must not become "mug"), one up to 7, two from 8. */
export const DEFAULT_TYPO_BUDGET: TypoBudget = { enabled: true, oneTypo: 4, twoTypos: 8 };

/** Typos allowed in `word`: by the budget, never in numbers. */
export function allowedEdits(word: string, budget: TypoBudget = DEFAULT_TYPO_BUDGET): number {
  if (!budget.enabled || /\d/.test(word) || word.length < budget.oneTypo) return 0;
  return word.length < budget.twoTypos ? 1 : 2;
}

/**
 * Pure: what the shopper's words mean for this catalog. undefined for an empty query (browse).
 * `typing`: the text came from a keystroke and its last word may be unfinished (InstantSearch, as you
 * type, with no space after it yet); a submitted search's words are all complete.
 */
export function understandQuery(
  rawQuery: string,
  lexicon: Lexicon,
  language: Language = 'en',
  synonyms: SynonymIndex = NO_SYNONYMS,
  typing = false,
  typos: TypoBudget = DEFAULT_TYPO_BUDGET,
): QueryUnderstanding | undefined {
  const tokens = normalizeTokens(rawQuery, language);
  const exact = exactTokens(rawQuery, language);
  if (tokens.length === 0 && rawQuery.trim().length === 0) return undefined;
  const meaningful = tokens.filter((token) => !isStopToken(token, language));
  const candidates = [...new Set(meaningful.length > 0 ? meaningful : tokens)].slice(0, MAX_WORDS);
  const withLexicon = lexicon.documents > 0;
  const words = candidates.map((token, i): WordReading => {
    const compounds = COMPOUNDING.has(language) && withLexicon;
    const heads = compounds ? lexicon.endingWith(token, MAX_COMPOUNDS) : [];
    const modifies = compounds ? lexicon.startingWith(token, MAX_COMPOUNDS) : [];
    // Without a lexicon yet (a tenant's first minutes) every word counts as known: exact matching only.
    // A word that heads compounds ("sohva" in a catalog of nahkasohvat) is known too, not a typo, and so is
    // one found only in an upper category level ("recreation" must not become "reception"), and one the
    // merchant named in a synonym ("couch" for a catalog of sofas is not a typo of "coach").
    const known = !withLexicon || lexicon.matching(token) > 0 || heads.length > 0 || synonyms.words.has(token);
    const reading: WordReading = { token, known, prefix: false };
    const spelled = exact[tokens.indexOf(token)];
    if (spelled && spelled !== token) reading.exact = spelled;
    if (heads.length > 0) reading.heads = heads;
    if (modifies.length > 0) reading.modifies = modifies;
    if (!known) {
      // The word being typed completes a catalog word: read it as a prefix, not as a typo.
      reading.prefix = typing && i === candidates.length - 1 && token.length >= 2 && token.length <= 10 && lexicon.completes(token);
      const edits = reading.prefix ? 0 : allowedEdits(token, typos);
      const corrected = edits > 0 ? lexicon.closest(token, edits) : undefined;
      if (corrected) reading.corrected = corrected;
      // English words run together ("twinxl"); Finnish and Swedish compounds are read through `heads` instead.
      const split = COMPOUNDING.has(language) ? undefined : lexicon.split(token);
      if (split) reading.split = split;
    }
    return reading;
  });
  // "nahka sohva": the compound nahkasohva has both words, one as its head: a full match for each.
  for (const word of words) {
    const joins = word.modifies?.filter((compound) => words.some((other) => other !== word && other.heads?.includes(compound)));
    if (joins?.length) {
      word.joins = joins;
      word.modifies = word.modifies?.filter((compound) => !joins.includes(compound));
    }
  }
  // What the words say about the kind of product: each word, or for a word the catalog has only in compounds, those.
  const evidence = words.flatMap((w) =>
    w.known ? (lexicon.frequency(w.token) > 0 || !w.heads ? [w.token] : w.heads.slice(0, 3)) : w.corrected ? [w.corrected] : (w.split ?? []),
  );
  const corrected = words.some((w) => w.corrected);
  return {
    language,
    tokens,
    synonymVariants: expandSynonyms(tokens, synonyms).slice(1),
    words,
    classes: withLexicon ? intentClasses(evidence, lexicon, language, CLASSES) : [],
    correction: corrected ? didYouMean(rawQuery, tokens, words, lexicon, language) : null,
    matches: estimateMatches(words, lexicon),
  };
}

/**
 * Pure: "did you mean" in the shopper's words, never stems: each word as typed (folded and lower-cased, as
 * tokenize reads it, ä/ö/å kept in Finnish and Swedish), and each corrected one as the catalog spells it.
 * tokenize and normalizeTokens read the same words in the same order, so they line up one to one.
 */
export function didYouMean(rawQuery: string, tokens: readonly string[], words: readonly WordReading[], lexicon: Lexicon, language: Language): string {
  const typed = tokenize(rawQuery, language);
  return tokens
    .map((token, i) => {
      const corrected = words.find((w) => w.token === token)?.corrected;
      return corrected ? lexicon.surfaceOf(corrected) : (typed[i] ?? token);
    })
    .join(' ');
}

const term = (field: string, value: string): Query => ({ term: { [field]: value } });
const terms = (field: string, values: string[]): Query => (values.length === 1 ? term(field, values[0] as string) : { terms: { [field]: values } });

/**
 * How a product may match this word, scored: the word itself fully; its
 * correction, its two halves or its prefix less, since each is a guess (the
 * shopper's word may be right and simply not in this catalog).
 */
function wordClauses(word: WordReading, nameBonus: boolean): Query[] {
  // The word, or a compound it is the last part of (the same kind of product), or one it forms with another query word.
  const alike = [...(word.heads ?? []), ...(word.joins ?? [])];
  const values = [word.token, ...alike];
  const exact: Query[] = [
    { constant_score: { filter: terms(ALL_WORDS, values), boost: WORD } },
    ...(nameBonus ? [{ constant_score: { filter: terms(NAME_WORDS, values), boost: WORD * IN_NAME } }] : []),
    ...(word.exact ? [{ constant_score: { filter: term(EXACT_WORDS, word.exact), boost: WORD * SPELLING } }] : []),
  ];
  const guesses: Query[] = [];
  if (word.modifies) guesses.push(terms(ALL_WORDS, word.modifies));
  if (word.corrected) guesses.push(term(ALL_WORDS, word.corrected));
  if (word.split) guesses.push({ bool: { filter: [term(ALL_WORDS, word.split[0]), term(ALL_WORDS, word.split[1])] } });
  // Served by name_norm's index_prefixes: one term lookup, not an expansion.
  if (word.prefix) guesses.push({ prefix: { name_norm: { value: word.token } } });
  // Flat in the query's disjunction when there is nothing to guess: Elasticsearch skips best through one level.
  if (guesses.length === 0) return exact;
  const guessed: Query = { constant_score: { filter: guesses.length === 1 ? (guesses[0] as Query) : { bool: { should: guesses } }, boost: WORD * GUESS } };
  return [{ dis_max: { queries: [{ bool: { should: exact } }, guessed] } }];
}

export interface TextQueryParts {
  /** Which products match, for counting and facets (no name bonus: it would only add postings to read). */
  match: Query;
  /** The same products, scored: words matched, with the name bonus. */
  ranked: Query;
  /** Extra score in the first pass, never required: the class. */
  boosts: Query[];
  /** Per-field BM25, added to the best RESCORE_WINDOW products' scores (undefined when no word is left to score). */
  rescore: Query | undefined;
}

export function buildTextQuery(understanding: QueryUnderstanding, synonyms: SynonymIndex, rawQuery: string): TextQueryParts {
  const { words, classes, language } = understanding;
  // A synonym phrase found whole scores like all its words found ("couch" for "sofa", "media console" for "tv stand").
  const synonymClauses: Query[] = understanding.synonymVariants.map((variant) => {
    const meaningful = variant.filter((token) => !isStopToken(token, language));
    return { constant_score: { filter: { bool: { filter: meaningful.map((token) => term(ALL_WORDS, token)) } }, boost: WORD * meaningful.length } };
  });
  const trimmed = rawQuery.trim();
  // An exact product id or SKU beats any text match.
  const exact: Query[] =
    trimmed.length > 0 && trimmed.length <= 512
      ? [{ constant_score: { filter: term('id', trimmed), boost: EXACT_ID } }, { constant_score: { filter: term('sku', trimmed.toLowerCase()), boost: EXACT_ID } }]
      : [];
  const scoringText = words.flatMap((w) => [...(w.known ? [w.token] : [w.corrected ?? w.token, ...(w.split ?? [])]), ...(w.joins ?? [])]).join(' ');
  const boosts: Query[] = classes.map((c) => ({ constant_score: { filter: term('product_class', c.name), boost: Math.min(CLASS * c.share, CLASS_CAP) } }));
  const anyOf = (nameBonus: boolean): Query => ({
    bool: { should: [...words.flatMap((word) => wordClauses(word, nameBonus)), ...synonymClauses, ...exact], minimum_should_match: 1 },
  });
  return {
    match: anyOf(false),
    ranked: anyOf(true),
    boosts,
    rescore: scoringText ? { multi_match: { query: scoringText, fields: TEXT_FIELDS, type: 'best_fields', tie_breaker: 0.3 } } : undefined,
  };
}
