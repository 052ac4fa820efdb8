/**
 * Finnish: a light rule-based key for nouns and adjectives, so that the
 * inflected forms of a word meet (sohva, sohvat, sohvia, sohvassa → sohv).
 * Not a dictionary: it strips one case ending (with its plural i/j), the
 * stem's final vowels, and undoes the stem alternations of the declension
 * types a shop's words fall into:
 *   - consonant gradation (kk/pp/tt → k/p/t, ng → nk, nn → nt, ll → lt,
 *     rr → rt, mm → mp, hk → h, d → t): pöytä/pöydät, sänky/sängyt;
 *   - -nen adjectives and nouns (valkoinen/valkoiset/valkoista meet at valkois-);
 *   - -in/-ime- (avain/avaimet, valaisin/valaisimet);
 *   - -si/-de-/-te- (käsi/kädet/kättä, vesi/veden);
 *   - -as/-is with a long-vowel stem and its gradation (lammas/lampaat,
 *     rengas/renkaat, kiuas/kiukaat, kaunis/kauniit);
 *   - consonant stems before -ta and -ten (avainta, pienten);
 *   - short words (puu, maa, ovi, yö) keep a key of two letters.
 * The same endings are stripped wherever the word starts, so a compound ends
 * in the same key as its last part (nahkasohvat → …sohv).
 *
 * Measured on data/word-forms/fi.tsv (inflection tables of the classes
 * above, `npm run eval` reports the pass rate). Known limits: the plural of
 * one-syllable long-vowel words (puita, maiden) and words that share a key
 * by their alternations (lampaat and lamput).
 */

const VOWEL = /[aeiouyäö]/;

/** Case endings with their plural i/j, longest first; `stem` says what the remainder must end in. */
type Ending = { ending: string; stem: 'vowel' | 'consonant' | 'e' | 'any' };

const ENDINGS: Ending[] = [
  // Plural stem + case (i/j + ending): the remainder is the stem, whatever it ends in.
  ...['isiin', 'itten', 'iden', 'ihin', 'issa', 'issä', 'ista', 'istä', 'illa', 'illä', 'ilta', 'iltä', 'ille', 'iksi', 'ita', 'itä', 'iin', 'ien', 'ia', 'iä'].map(
    (ending) => ({ ending, stem: 'any' as const }),
  ),
  ...['jen', 'ja', 'jä'].map((ending) => ({ ending, stem: 'vowel' as const })),
  // Singular cases after a vowel stem.
  ...['seen', 'ssa', 'ssä', 'sta', 'stä', 'lla', 'llä', 'lta', 'ltä', 'lle', 'ksi'].map((ending) => ({ ending, stem: 'vowel' as const })),
  // Partitive of -e stems: vaate-tta, pyyhe-ttä.
  ...['tta', 'ttä'].map((ending) => ({ ending, stem: 'e' as const })),
  // Illative after a long vowel: puu-hun, maa-han, yö-hön.
  ...['han', 'hen', 'hin', 'hon', 'hun', 'hyn', 'hän', 'hön'].map((ending) => ({ ending, stem: 'vowel' as const })),
  // Genitive plural and partitive of consonant stems: avain-ten, pien-ten, avain-ta, lammas-ta.
  { ending: 'ten', stem: 'consonant' },
  { ending: 'ta', stem: 'any' },
  { ending: 'tä', stem: 'any' },
  { ending: 't', stem: 'vowel' },
  { ending: 'n', stem: 'vowel' },
  { ending: 'a', stem: 'any' },
  { ending: 'ä', stem: 'any' },
];

/** Consonant gradation at the end of a stem: strong and weak grades to one form. */
const GRADATION: Array<[RegExp, string]> = [
  [/([kpt])\1$/, '$1'], // kaappi/kaapit, matto/matot
  [/ng$/, 'nk'], // sänky/sängyt
  [/nn$/, 'nt'], // ranta/rannat
  [/ll$/, 'lt'], // kulta/kullat
  [/rr$/, 'rt'], // parta/parrat
  [/mm$/, 'mp'], // kampa/kammat, lammas/lampaat
  [/hk$/, 'h'], // pyyhe/pyyhkeet
  [/([aeiouyäö])d$/, '$1t'], // pöytä/pöydät, käsi/kädet
];

/** Long vowels and the diphthongs one-syllable words end in (puu-ta, maa-ta, yö-tä, tie-tä, suo-ta). */
const LONG_VOWEL_END = /(aa|ee|ii|oo|uu|yy|ää|öö|uo|yö|ie)$/;

/** A consonant stem a partitive -ta or genitive -ten follows: avain-ta, pien-ten, uut-ta, kät-tä, kiuas-ta (not mus-ta). */
function consonantStem(remainder: string): boolean {
  if (/[aeiouyäö]t$/.test(remainder)) return remainder.length >= 3;
  if (/[aeiouyäö][nlr]$/.test(remainder)) return remainder.length >= 4;
  if (/[aeiouyäö]s$/.test(remainder)) return remainder.length >= 4;
  return false;
}

/** Whether `remainder` can be a stem before `e`: long enough, and ending as that ending needs. */
function fits(remainder: string, e: Ending): boolean {
  const last = remainder.at(-1) ?? '';
  // Three letters at least; two only when both are vowels (yö-tä).
  if (remainder.length < 3 && !(remainder.length === 2 && VOWEL.test(remainder[0] ?? '') && VOWEL.test(last))) return false;
  if (e.stem === 'vowel') return VOWEL.test(last) && (!e.ending.startsWith('h') || e.ending[1] === last) && (e.ending !== 'seen' || LONG_VOWEL_END.test(remainder));
  if (e.stem === 'e') return last === 'e';
  if (e.stem === 'consonant') return consonantStem(remainder);
  // -ta/-tä: after a long vowel (puu-ta), or a consonant stem (avain-ta); "pöytä" is a word, not pöy-tä.
  if (e.ending === 'ta' || e.ending === 'tä') return LONG_VOWEL_END.test(remainder) || consonantStem(remainder);
  return true;
}

function stripEnding(word: string): { stem: string; ending: string } {
  for (const e of ENDINGS) {
    if (!word.endsWith(e.ending)) continue;
    const remainder = word.slice(0, -e.ending.length);
    if (!fits(remainder, e)) continue;
    // valkois-ta, not valko-ista: the partitive of a -nen word (a vowel before "ista" is the -nen stem's own).
    if ((e.ending === 'ista' || e.ending === 'istä') && VOWEL.test(remainder.at(-1) ?? '')) return { stem: word.slice(0, -2), ending: e.ending.slice(-2) };
    return { stem: remainder, ending: e.ending };
  }
  return { stem: word, ending: '' };
}

/** The stem without its final vowels, keeping two letters at least (puu → pu, ovi → ov). */
function trimVowels(stem: string): string {
  let end = stem.length;
  while (end > 2 && VOWEL.test(stem[end - 1] ?? '')) end -= 1;
  return stem.slice(0, end);
}

export function finnishKey(word: string): string {
  if (word.length < 2 || /\d/.test(word)) return word;
  // -nen words: valkoinen, valkoise-, valkois- (the nominative alone ends in -nen).
  const base = word.length >= 6 && word.endsWith('inen') ? `${word.slice(0, -3)}s` : word;
  let { stem, ending } = stripEnding(base);
  stem = trimVowels(stem);
  // -in/-ime- (avain, avaime-, avain-ta): to the vowel before the n or m.
  if (/[^i]im$/.test(stem) || (stem.endsWith('in') && (ending === 'ta' || ending === 'tä' || ending === 'ten'))) stem = trimVowels(stem.slice(0, -1));
  // -as nominatives of long-vowel stems: lammas/lampaa-, rengas/renkaa-, and kiuas/kiukaa-, whose weak
  // grade lost a k (a vowel before -as): the k comes back, as the other forms have it.
  if (stem.length >= 5 && /[aä]s$/.test(stem)) stem = VOWEL.test(stem.at(-3) ?? '') ? `${stem.slice(0, -2)}k` : trimVowels(stem.slice(0, -2));
  for (const [pattern, replacement] of GRADATION) {
    const next = stem.replace(pattern, replacement);
    if (next !== stem) {
      stem = next;
      break;
    }
  }
  // -si/-de-/-te- (käsi, kädet, kättä): the s and the t meet.
  return stem.replace(/([aeiouyäö])s$/, '$1t');
}
