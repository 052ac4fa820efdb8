/**
 * Words that carry no product meaning in a shopper's query ("table *for*
 * kitchen", "18 *x* 18"). They never have to match, but still count in phrase
 * boosts. Kept deliberately short: "set", "top", "up" are product words.
 */
const STOP_TOKENS = new Set(['a', 'an', 'and', 'or', 'the', 'for', 'with', 'of', 'in', 'on', 'to', 'by', 'x', 'w', 'h', 'd', 'l']);

export function isStopToken(token: string): boolean {
  return STOP_TOKENS.has(token);
}
