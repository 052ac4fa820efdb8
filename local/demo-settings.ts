/**
 * What `npm start` seeds into each demo tenant's merchandising settings the
 * first time (never over a merchant's own): a synonym group, and for the
 * catalog's largest product class a pin, a hidden product and a banner,
 * plus a redirect for "sale" in the tenant's language and a facet order
 * (the storefront's product types first). Derived from the
 * catalog, so it fits any tenant.
 */
import type { ProductInput } from './commerce-api/catalog.js';
import type { MerchandisingSettings } from '../common/contract/merchandising.js';
import type { Language } from '../common/text/languages.js';

const SYNONYMS: Record<Language, string[]> = { en: ['couch', 'sofa', 'settee'], fi: ['sohva', 'kanapee'], sv: ['soffa', 'kanapé'] };
const SALE: Record<Language, string> = { en: 'sale', fi: 'ale', sv: 'rea' };

export function demoSettings(products: readonly ProductInput[], language: Language): MerchandisingSettings {
  const byClass = new Map<string, ProductInput[]>();
  for (const product of products) for (const name of product.productClass.slice(0, 1)) byClass.set(name, [...(byClass.get(name) ?? []), product]);
  const [largest, members] = [...byClass].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  const byPrice = [...members].filter((p) => p.price !== null).sort((a, b) => (a.price ?? 0) - (b.price ?? 0));
  const cheapest = byPrice[0];
  const dearest = byPrice.at(-1);
  const rules: MerchandisingSettings['rules'] = [{ id: 'sale-redirect', description: 'The sale page', condition: { query: { anchoring: 'is', pattern: SALE[language] } }, consequence: { redirect: 'https://shop.example/sale' } }];
  if (largest && cheapest && dearest && cheapest.id !== dearest.id) {
    rules.push({
      id: 'largest-class',
      description: `Best value first in ${largest}, one product held back, and a banner`,
      condition: { query: { anchoring: 'contains', pattern: largest } },
      consequence: { pin: [{ productId: cheapest.id, position: 1 }], hide: [dearest.id], userData: { banner: `${largest}: delivered free this week` } },
    });
  }
  return { synonyms: [{ id: 'sofa-words', type: 'synonym', synonyms: SYNONYMS[language] }], rules, facets: { order: ['product_class', 'price', 'brand'] } };
}
