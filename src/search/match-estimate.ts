/**
 * Pure: about how many products a query's words match, from the lexicon
 * alone (no Elasticsearch request). It sets the rate the facets of a large
 * catalog are sampled at, so the facets can be counted in the same round
 * trip as the hits instead of after an exact count.
 *
 * It sums what each reading of each word matches (the word, its compounds,
 * its correction, its halves, its completions), so it is an upper bound for
 * words that occur together; a sample drawn at its rate is then at most the
 * intended size, and the search strategy counts again when the real total
 * shows the sample came out too small. Synonyms and filters are left out.
 */
import type { Lexicon } from '../../common/text/lexicon.js';
import type { WordReading } from './relevance.js';

/** Products matched by an exact product id or SKU, besides the words. */
const EXACT_IDS = 2;

export function estimateMatches(words: readonly WordReading[], lexicon: Lexicon): number {
  let sum = EXACT_IDS;
  for (const word of words) {
    // Always the word itself: a word only in upper category levels is no name's word, yet every product under them has it.
    sum += lexicon.matching(word.token);
    for (const compound of [...(word.heads ?? []), ...(word.joins ?? []), ...(word.modifies ?? [])]) sum += lexicon.matching(compound);
    if (word.corrected) sum += lexicon.matching(word.corrected);
    if (word.split) sum += Math.min(lexicon.matching(word.split[0]), lexicon.matching(word.split[1]));
    if (word.prefix) sum += lexicon.matchingPrefix(word.token) ?? lexicon.documents;
  }
  return Math.min(sum, lexicon.documents);
}
