/**
 * A tenant's merchandising settings: what a merchant edits live through the
 * admin API (admin/) and search applies per query (src/merchandising/).
 * One document per tenant, versioned; every version is kept.
 *   - synonyms: two-way groups and one-way (input → alternatives), in the
 *     tenant's language, applied at query time;
 *   - facets: their order and visibility, and each one's values' order;
 *   - rules: a condition on the query (is / contains / starts with, read
 *     through the same normaliser as every query), on the filters the shopper
 *     chose (a category page, a brand), and an optional date window, with
 *     consequences: pin products at positions, hide products, boost or bury
 *     products matching a filter, force filters, redirect, another facet
 *     order (per category, with a filter condition), and free `userData`;
 *   - ranking: tiebreaks among equally relevant products (newest first,
 *     lowest price first, …), each worth a hundredth of a matched word at
 *     most, so they order ties and never overrule the words.
 * Validation is pure and names the field at fault, so the admin API answers
 * 400 with it and writes nothing.
 */
import * as z from 'zod/mini';

export const SETTINGS_LIMITS = { rules: 500, synonyms: 2_000, phrasesPerSynonym: 20, phraseLength: 100, pins: 20, hides: 100, boosts: 10, filters: 10, userDataBytes: 10_000 } as const;

/** Product fields a rule may filter on (the same names as the search API's filters). */
export const RULE_FILTER_FIELDS = ['brand', 'class', 'category', 'department', 'path'] as const;
export type RuleFilterField = (typeof RULE_FILTER_FIELDS)[number];

const id = z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, ".", "_", ":" or "-"'));
const productId = z.string().check(z.minLength(1), z.maxLength(512));
const phrase = z.string().check(z.minLength(1), z.maxLength(SETTINGS_LIMITS.phraseLength));
const isoDate = z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date-time'));

const filter = z.object({
  field: z.enum(RULE_FILTER_FIELDS),
  value: z.string().check(z.minLength(1), z.maxLength(200)),
});

const synonym = z.discriminatedUnion('type', [
  z.object({ id, type: z.literal('synonym'), synonyms: z.array(phrase).check(z.minLength(2), z.maxLength(SETTINGS_LIMITS.phrasesPerSynonym)) }),
  z.object({ id, type: z.literal('oneWaySynonym'), input: phrase, synonyms: z.array(phrase).check(z.minLength(1), z.maxLength(SETTINGS_LIMITS.phrasesPerSynonym)) }),
]);

/** Facet names of /search (department, category, class, brand, price) and of the InstantSearch protocol. */
const facetName = z.string().check(
  z.regex(/^(department|category|path|class|brand|price|product_class|hierarchicalCategories\.lvl[0-2]|attributes\.[a-z0-9][a-z0-9 _-]{0,63})$/, 'a facet of /search or of the InstantSearch protocol (brand, category, department, class, product_class, price, hierarchicalCategories.lvl0-2, attributes.<name>)'),
);

/**
 * Facet order and visibility for the whole tenant: /search returns its facets in this order, without the
 * hidden ones and with each facet's values ordered; InstantSearch gets it as Algolia's
 * `renderingContent.facetOrdering`, which its `dynamicWidgets` follow.
 */
const facets = z.object({
  order: z.optional(z.array(facetName).check(z.maxLength(50))),
  hidden: z.optional(z.array(facetName).check(z.maxLength(50))),
  values: z.optional(
    z.array(
      z.object({
        facet: facetName,
        /** Values shown first, in this order. */
        order: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(100))),
        /** The rest: by count (the default), alphabetically, or not at all. */
        sortRemainingBy: z.optional(z.enum(['count', 'alpha', 'hidden'])),
      }),
    ).check(z.maxLength(50)),
  ),
});

/** Tiebreaks among equally relevant products (src/merchandising/ranking.ts). */
export const TIEBREAKS = ['newest', 'oldest', 'lowest_price', 'highest_price'] as const;
export type Tiebreak = (typeof TIEBREAKS)[number];

const ranking = z.object({
  /** In order of importance; at most two. */
  tiebreaks: z.optional(z.array(z.enum(TIEBREAKS)).check(z.maxLength(2))),
});

const rule = z.object({
  id,
  enabled: z.optional(z.boolean()),
  description: z.optional(z.string().check(z.maxLength(500))),
  condition: z.object({
    /** The query the rule fires on; absent: every query (a date window or a campaign-wide boost). */
    query: z.optional(z.object({ anchoring: z.enum(['is', 'contains', 'startsWith']), pattern: phrase })),
    /** Filters the shopper has chosen, all of them (a category page: `{field: "category", value: "Sofas"}`). */
    filters: z.optional(z.array(filter).check(z.minLength(1), z.maxLength(SETTINGS_LIMITS.filters))),
    /** Storefront contexts (InstantSearch's `ruleContexts`, e.g. "mobile", "campaign-page"): fires on any of them. */
    contexts: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" or "-"'))).check(z.minLength(1), z.maxLength(10))),
    from: z.optional(isoDate),
    until: z.optional(isoDate),
  }),
  consequence: z.object({
    /** Products shown at these 1-based positions of the first page. */
    pin: z.optional(z.array(z.object({ productId, position: z.number().check(z.int(), z.gte(1), z.lte(100)) })).check(z.maxLength(SETTINGS_LIMITS.pins))),
    hide: z.optional(z.array(productId).check(z.maxLength(SETTINGS_LIMITS.hides))),
    /** weight 1..10: how many matched words' worth the products matching the filter gain (boost) or the others gain (bury). */
    boost: z.optional(z.array(z.object({ filter, weight: z.number().check(z.gte(1), z.lte(10)) })).check(z.maxLength(SETTINGS_LIMITS.boosts))),
    bury: z.optional(z.array(z.object({ filter, weight: z.number().check(z.gte(1), z.lte(10)) })).check(z.maxLength(SETTINGS_LIMITS.boosts))),
    /** The words searched instead of the shopper's: some removed ("cheap sofa" → "sofa"), or the whole query replaced. */
    query: z.optional(z.object({ remove: z.optional(z.array(phrase).check(z.minLength(1), z.maxLength(20))), replace: z.optional(phrase) })),
    /** Applied as if the shopper had chosen them. */
    filters: z.optional(z.array(filter).check(z.maxLength(SETTINGS_LIMITS.filters))),
    redirect: z.optional(z.url({ protocol: /^https?$/ })),
    userData: z.optional(z.unknown()),
    /** Another facet order for the searches the rule fires on (with a filter condition: per category). */
    facets: z.optional(facets),
  }),
});

export const settingsSchema = z.object({
  synonyms: z.array(synonym).check(z.maxLength(SETTINGS_LIMITS.synonyms)),
  rules: z.array(rule).check(z.maxLength(SETTINGS_LIMITS.rules)),
  facets: z.optional(facets),
  ranking: z.optional(ranking),
  /** Learned query suggestions (docs/analytics.md): words never suggested, read like queries. */
  suggestions: z.optional(z.object({ blocked: z.optional(z.array(phrase).check(z.maxLength(500))) })),
});

export type MerchandisingSettings = z.infer<typeof settingsSchema>;
export type Rule = MerchandisingSettings['rules'][number];
export type Synonym = MerchandisingSettings['synonyms'][number];
export type RuleFilter = z.infer<typeof filter>;
export type FacetSettings = z.infer<typeof facets>;
export type RankingSettings = z.infer<typeof ranking>;

export const EMPTY_SETTINGS: MerchandisingSettings = { synonyms: [], rules: [] };

/** A settings document as stored: the settings, its version and who wrote it when. */
export interface StoredSettings {
  tenant: string;
  version: number;
  settings: MerchandisingSettings;
  updated_at: string;
  /** Who made the change (the admin key's label; never the key). */
  updated_by: string;
  /** What the change was: "update", or "rollback to 3". */
  change: string;
}

export class SettingsValidationError extends Error {
  override name = 'SettingsValidationError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Pure: the settings, or a SettingsValidationError naming the first field at fault. */
export function validateSettings(input: unknown): MerchandisingSettings {
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'settings';
    throw new SettingsValidationError(field, `${field}: ${issue?.message ?? 'invalid'}`);
  }
  const settings = parsed.data;
  const unique = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    ids.forEach((value, i) => {
      if (seen.has(value)) throw new SettingsValidationError(`${kind}.${i}.id`, `${kind}.${i}.id: "${value}" is used twice`);
      seen.add(value);
    });
  };
  unique('rules', settings.rules.map((r) => r.id));
  unique('synonyms', settings.synonyms.map((s) => s.id));
  const tiebreaks = settings.ranking?.tiebreaks ?? [];
  if (new Set(tiebreaks).size < tiebreaks.length) throw new SettingsValidationError('ranking.tiebreaks', 'ranking.tiebreaks: each tiebreak at most once');
  if (tiebreaks.includes('newest') && tiebreaks.includes('oldest')) throw new SettingsValidationError('ranking.tiebreaks', 'ranking.tiebreaks: "newest" and "oldest" contradict each other');
  if (tiebreaks.includes('lowest_price') && tiebreaks.includes('highest_price')) throw new SettingsValidationError('ranking.tiebreaks', 'ranking.tiebreaks: "lowest_price" and "highest_price" contradict each other');
  settings.rules.forEach((r, i) => {
    const { from, until } = r.condition;
    if (from && until && Date.parse(from) >= Date.parse(until)) throw new SettingsValidationError(`rules.${i}.condition.until`, `rules.${i}.condition.until: must be after "from"`);
    if (r.consequence.userData !== undefined && JSON.stringify(r.consequence.userData).length > SETTINGS_LIMITS.userDataBytes) {
      throw new SettingsValidationError(`rules.${i}.consequence.userData`, `rules.${i}.consequence.userData: at most ${SETTINGS_LIMITS.userDataBytes} bytes of JSON`);
    }
    const positions = new Set<number>();
    (r.consequence.pin ?? []).forEach((p, j) => {
      if (positions.has(p.position)) throw new SettingsValidationError(`rules.${i}.consequence.pin.${j}.position`, `rules.${i}.consequence.pin.${j}.position: ${p.position} is pinned twice`);
      positions.add(p.position);
    });
  });
  return settings;
}
