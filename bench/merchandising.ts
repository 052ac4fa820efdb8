/**
 * What a merchant's settings cost, side by side in one run on the demo
 * catalog: 200 rules and 500 synonym groups (generated from the catalog and
 * the workload's own queries, so rules fire as they would), against the
 * same route with no settings.
 *   - Elasticsearch: the route's bodies for the 480 shopper queries with the
 *     settings (synonym variants, hides, pins, boosts, filters of the rules
 *     that fire) against the same route's bodies without them.
 *   - Our code: the whole handler with recorded Elasticsearch answers, with
 *     and without the settings.
 */
import type { ProductInput } from '../local/commerce-api/catalog.js';
import { seededRandom } from '../local/commerce-api/seed.js';
import type { MerchandisingSettings } from '../common/contract/merchandising.js';
import { normalizeTokens } from '../common/text/normalize.js';
import type { Lexicon } from '../common/text/lexicon.js';
import { compareCost, type CostComparison } from '../eval/cost.js';
import { buildSearchBody } from '../src/search/search-body.js';
import { planSearch } from '../src/search/search-plan.js';
import { parseSearchParams } from '../src/search/search-request.js';
import { merchandise } from '../src/merchandising/rules.js';
import { tenantSettings } from '../src/merchandising/settings-cache.js';
import type { SearchConfig } from '../src/config.js';
import { timeOurCode, type CodeTiming } from './code-only.js';
import type { PairedRequest } from './workload.js';

export const RULES = 200;
export const SYNONYM_GROUPS = 500;

export interface MerchandisingFigures {
  rules: number;
  synonymGroups: number;
  /** Of the workload's queries, how many fired at least one rule, and how many had a synonym variant. */
  queriesWithRules: number;
  queriesWithSynonyms: number;
  queries: number;
  /** Elasticsearch time with the settings / without (our bodies both). */
  elasticsearch: CostComparison;
  ourCode: { without: CodeTiming; with: CodeTiming };
}

/** Deterministic heavy settings: rules on the workload's own query words, synonyms among the catalog's words. */
export function heavySettings(queries: readonly string[], products: readonly ProductInput[]): MerchandisingSettings {
  const random = seededRandom(9);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const words = [...new Set(products.flatMap((p) => normalizeTokens(p.name)).filter((w) => w.length > 3 && !/\d/.test(w)))];
  const queryWords = [...new Set(queries.flatMap((q) => q.toLowerCase().split(/\s+/)).filter((w) => w.length > 3))];
  const brands = [...new Set(products.flatMap((p) => (p.brand ? [p.brand] : [])))];
  const classes = [...new Set(products.flatMap((p) => p.productClass))];
  const rules: MerchandisingSettings['rules'] = Array.from({ length: RULES }, (_, i) => ({
    id: `rule-${i}`,
    condition: { query: { anchoring: (['contains', 'is', 'startsWith'] as const)[i % 3] as 'contains' | 'is' | 'startsWith', pattern: pick(queryWords) } },
    consequence: {
      pin: [{ productId: pick(products).id, position: 1 + (i % 5) }],
      hide: [pick(products).id, pick(products).id],
      ...(brands.length > 0 ? { boost: [{ filter: { field: 'brand' as const, value: pick(brands) }, weight: 2 }] } : {}),
      ...(i % 4 === 0 && classes.length > 0 ? { bury: [{ filter: { field: 'class' as const, value: pick(classes) }, weight: 1 }] } : {}),
      ...(i % 10 === 0 ? { userData: { banner: `banner ${i}` } } : {}),
    },
  }));
  const synonyms: MerchandisingSettings['synonyms'] = Array.from({ length: SYNONYM_GROUPS }, (_, i) => ({ id: `syn-${i}`, type: 'synonym' as const, synonyms: [pick(words), pick(words)] }));
  return { synonyms: synonyms.filter((s) => s.type !== 'synonym' || s.synonyms[0] !== s.synonyms[1]), rules };
}

export async function benchMerchandising(options: {
  elasticsearchUrl: string;
  alias: string;
  queries: readonly string[];
  products: readonly ProductInput[];
  lexicon: Lexicon;
  config: SearchConfig;
  pairs: readonly PairedRequest[];
  passes: number;
}): Promise<MerchandisingFigures> {
  const settings = heavySettings(options.queries, options.products);
  const tenant = tenantSettings(settings, 'en');
  let queriesWithRules = 0;
  let queriesWithSynonyms = 0;
  const pairs = options.queries.map((query) => {
    const request = parseSearchParams(new URLSearchParams({ q: query }));
    const without = planSearch(request, options.lexicon);
    const merchandising = merchandise(tenant.rules, query, 'en');
    const withSettings = { ...planSearch(request, options.lexicon, 'en', tenant.synonyms), merchandising };
    if (merchandising.appliedRules.length > 0) queriesWithRules += 1;
    if ((withSettings.understanding?.synonymVariants.length ?? 0) > 0) queriesWithSynonyms += 1;
    // "plain" is the same route's body without settings: the ratio is what the settings add.
    return { plan: withSettings, plain: buildSearchBody(without, tenant.synonyms) };
  });
  const elasticsearch = await compareCost(options.elasticsearchUrl, options.alias, pairs, 2, { catalogSize: options.lexicon.documents });
  const all = (timings: CodeTiming[]) => timings.find((t) => t.kind === 'all') as CodeTiming;
  const without = all(await timeOurCode(options.config, options.elasticsearchUrl, options.pairs, options.passes, options.lexicon));
  const withSettings = all(await timeOurCode(options.config, options.elasticsearchUrl, options.pairs, options.passes, options.lexicon, tenant));
  return { rules: settings.rules.length, synonymGroups: settings.synonyms.length, queriesWithRules, queriesWithSynonyms, queries: options.queries.length, elasticsearch, ourCode: { without, with: withSettings } };
}
