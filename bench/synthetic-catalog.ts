/**
 * A catalog of any size whose names and word statistics resemble real ones:
 * each synthetic product takes a real product of the sample catalog as its
 * template (so classes and categories keep their real proportions) and
 * rewrites about half of its name's words with words that other products of
 * the same class use at the same place in their names. Deterministic: the
 * same size and seed give the same catalog, so a cached index stays valid.
 */
import type { ProductInput } from '../local/commerce-api/catalog.js';
import { seededRandom } from '../local/commerce-api/seed.js';

/** Bump when the generator changes: cached indices built by an older one are rebuilt. */
export const SYNTHETIC_CATALOG_VERSION = 1;

export function* syntheticCatalog(templates: readonly ProductInput[], count: number, seed = 11): Generator<ProductInput> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const byClass = new Map<string, string[][]>();
  for (const product of templates) {
    const key = product.productClass[0] ?? product.categoryPath.at(-1) ?? '';
    const names = byClass.get(key) ?? [];
    names.push(product.name.split(' '));
    byClass.set(key, names);
  }
  for (let n = 1; n <= count; n += 1) {
    const template = pick(templates);
    const siblings = byClass.get(template.productClass[0] ?? template.categoryPath.at(-1) ?? '') ?? [template.name.split(' ')];
    const words = template.name.split(' ').map((word, position, all) => {
      if (random() < 0.5) return word;
      const other = pick(siblings);
      // The same relative place in the other name: head nouns stay at the end, adjectives in front.
      return other[Math.min(other.length - 1, Math.round((position / Math.max(1, all.length - 1)) * (other.length - 1)))] ?? word;
    });
    const id = String(n);
    yield {
      ...template,
      id,
      sku: `S-${id.padStart(8, '0')}`,
      name: words.join(' '),
      price: Math.round((9 + random() * 991) * 100) / 100,
    };
  }
}
