/**
 * A light English plural stemmer. Shoppers mostly differ from titles by
 * number ("sofas" vs "sofa"), and aggressive stemmers (Porter) conflate words
 * that mean different products ("lighting"/"light", "cabinet"/"cabin"), so only
 * plurals are folded, the way "ignore plurals" works in hosted search engines.
 */
// A Map, not an object: a shopper's word is the key, and "constructor" or "__proto__" must find nothing.
const IRREGULAR_PLURALS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    shelves: 'shelf', knives: 'knife', leaves: 'leaf', halves: 'half', wolves: 'wolf',
    loaves: 'loaf', children: 'child', feet: 'foot', teeth: 'tooth', mice: 'mouse',
    geese: 'goose', men: 'man', women: 'woman', people: 'person', dice: 'die',
  }),
);

/** Words ending in "s" that are not plurals (or whose plural is the same). */
const NOT_PLURAL = new Set([
  'chaise', 'canvas', 'glass', 'dress', 'mattress', 'cross', 'gas', 'bus', 'lens', 'series',
  'species', 'news', 'always', 'lotus', 'cactus', 'iris', 'tennis', 'plus', 'this', 'yes',
  'pants', 'shorts', 'scissors', 'jeans', 'trousers', 'tongs', 'pliers',
]);

export function stemToken(token: string): string {
  if (token.length < 4 || /\d/.test(token)) return token;
  const irregular = IRREGULAR_PLURALS.get(token);
  if (irregular) return irregular;
  if (NOT_PLURAL.has(token) || !token.endsWith('s')) return token;
  if (/(ss|us|is)$/.test(token)) return token;
  if (token.endsWith('ies') && token.length > 4) return `${token.slice(0, -3)}y`;
  // boxes, benches, dishes, glasses, buzzes: the plural added "es"
  if (/(x|ch|sh|ss|zz)es$/.test(token)) return token.slice(0, -2);
  return token.slice(0, -1);
}
