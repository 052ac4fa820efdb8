/**
 * Pure: which of a tenant's rules fire for a query, and what they do to its
 * plan. A rule's pattern is read through the same normaliser as the query,
 * so "sofas" fires a rule written for "sofa" and "pöydät" one for "pöytä".
 * The consequences become parts of the one Elasticsearch query (search-body
 * reads `plan.merchandising`): hidden products are filtered out of hits,
 * totals and facets alike; pinned ones are lifted to the top of the ranking
 * and placed at their positions on the first page (pins.ts); boosts and
 * buries are constant scores in the first pass; forced filters are filters;
 * the facet order is facets.ts's (a rule may give another, per category);
 * the ranking knobs' tiebreaks are ranking.ts's.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { FacetSettings, MerchandisingSettings, Rule, RuleFilter } from '../../common/contract/merchandising.js';
import { FILTER_FIELDS } from '../../common/contract/facets.js';
import { normalizeTokens } from '../../common/text/normalize.js';
import type { Language } from '../../common/text/languages.js';
import { tiebreakClauses } from './ranking.js';
import { containsRun } from '../../common/text/token-runs.js';
import type { ChosenFilters } from './chosen-filters.js';

type Query = estypes.QueryDslQueryContainer;

/** What the fired rules do to one search. */
export interface Merchandising {
  /** Ids of the rules that fired, in settings order. */
  appliedRules: string[];
  /** Product id → 1-based position on the first page (the first rule to pin a position or product wins). */
  pins: Array<{ productId: string; position: number }>;
  hidden: string[];
  /** First-pass constant scores (boosts, and buries as boosts of everything else). */
  boosts: Query[];
  filters: Query[];
  redirect: string | null;
  userData: unknown[];
  /** The facet order and visibility: the first fired rule's that gives one, else the tenant's (settings.facets). */
  facets: FacetSettings | null;
  /** The ranking knobs' tiebreak clauses (ranking.ts), for relevance order. */
  tiebreaks: Query[];
  /** The text searched instead of the shopper's (a rule's query edit), when one fired; the response still shows theirs. */
  searchText: string | null;
}

export const NO_MERCHANDISING: Merchandising = { appliedRules: [], pins: [], hidden: [], boosts: [], filters: [], redirect: null, userData: [], facets: null, tiebreaks: [], searchText: null };

/** The query without the words `remove` names (compared as the normaliser reads them), or `replace`. */
function editQuery(query: string, edit: { remove?: string[] | undefined; replace?: string | undefined }, language: Language): string {
  if (edit.replace !== undefined) return edit.replace;
  const removed = new Set((edit.remove ?? []).flatMap((phrase) => normalizeTokens(phrase, language)));
  return query
    .split(/\s+/)
    .filter((word) => {
      const forms = normalizeTokens(word, language);
      return forms.length === 0 || !forms.every((form) => removed.has(form));
    })
    .join(' ');
}

/** A boost's weight is in matched words: the same unit as relevance.ts's WORD (10 per word). */
const WORD = 10;

/** A rule read once per settings version: its pattern normalised, its window parsed (not per query). */
interface CompiledRule {
  rule: Rule;
  /** null: the rule has no query condition (it fires for every query). */
  pattern: string[] | null;
  from: number;
  until: number;
}

/** A tenant's rules, ready to match queries. */
export interface CompiledRules {
  rules: readonly CompiledRule[];
  facets: FacetSettings | null;
  tiebreaks: Query[];
}


/** Pure: the settings' rules compiled for `language` (done once per stored version, by the settings cache). */
export function compileRules(settings: MerchandisingSettings, language: Language): CompiledRules {
  return {
    rules: settings.rules.map((rule) => ({
      rule,
      pattern: rule.condition.query ? normalizeTokens(rule.condition.query.pattern, language) : null,
      from: rule.condition.from ? Date.parse(rule.condition.from) : Number.NEGATIVE_INFINITY,
      until: rule.condition.until ? Date.parse(rule.condition.until) : Number.POSITIVE_INFINITY,
    })),
    facets: settings.facets ?? null,
    tiebreaks: tiebreakClauses(settings.ranking?.tiebreaks),
  };
}

/** Whether the rule fires for this query, with these filters chosen, at `now`. */
function fires(compiled: CompiledRule, queryTokens: readonly string[], chosen: ChosenFilters, contexts: readonly string[], now: number): boolean {
  const { rule, pattern } = compiled;
  if (rule.enabled === false) return false;
  if (rule.condition.contexts && !rule.condition.contexts.some((context) => contexts.includes(context))) return false;
  if (now < compiled.from || now >= compiled.until) return false;
  if (rule.condition.filters && !rule.condition.filters.every((f) => chosen.get(FILTER_FIELDS[f.field])?.has(f.value) === true)) return false;
  const query = rule.condition.query;
  if (!query || pattern === null) return true;
  if (pattern.length === 0) return false;
  switch (query.anchoring) {
    case 'is':
      return pattern.length === queryTokens.length && pattern.every((token, i) => queryTokens[i] === token);
    case 'startsWith':
      return pattern.length <= queryTokens.length && pattern.every((token, i) => queryTokens[i] === token);
    case 'contains':
      return containsRun(queryTokens, pattern);
  }
}

/** A rule filter as an Elasticsearch clause, on the same fields the search API's filters use. */
export function filterClause(filter: RuleFilter): Query {
  return { term: { [FILTER_FIELDS[filter.field]]: filter.value } };
}

export interface SearchContext {
  /** The filter values the shopper chose (chosen-filters.ts); none by default. */
  chosen?: ChosenFilters;
  /** Epoch ms (rules' date windows); default now. */
  now?: number;
  /** The storefront's rule contexts (InstantSearch's `ruleContexts`): a rule with `condition.contexts` fires on any of them. */
  contexts?: readonly string[];
}

const NOTHING_CHOSEN: ChosenFilters = new Map();

/** Pure: the merchandising of one query under the tenant's (compiled) rules. */
export function merchandise(compiled: CompiledRules, query: string, language: Language, context: SearchContext = {}): Merchandising {
  const none = compiled.facets || compiled.tiebreaks.length > 0 ? { ...NO_MERCHANDISING, facets: compiled.facets, tiebreaks: compiled.tiebreaks } : NO_MERCHANDISING;
  if (compiled.rules.length === 0) return none;
  const tokens = normalizeTokens(query, language);
  const chosen = context.chosen ?? NOTHING_CHOSEN;
  const now = context.now ?? Date.now();
  const fired = compiled.rules.filter((rule) => fires(rule, tokens, chosen, context.contexts ?? [], now)).map((c) => c.rule);
  if (fired.length === 0) return none;
  const pins: Merchandising['pins'] = [];
  const hidden = new Set<string>();
  const boosts: Query[] = [];
  const filters: Query[] = [];
  let redirect: string | null = null;
  let searchText: string | null = null;
  let facets: FacetSettings | null = null;
  const userData: unknown[] = [];
  for (const rule of fired) {
    const c = rule.consequence;
    // The first rule that edits the query decides the words searched.
    if (c.query && searchText === null) searchText = editQuery(query, c.query, language);
    for (const pin of c.pin ?? []) {
      if (pins.some((p) => p.productId === pin.productId || p.position === pin.position)) continue;
      pins.push({ productId: pin.productId, position: pin.position });
    }
    for (const id of c.hide ?? []) hidden.add(id);
    for (const { filter, weight } of c.boost ?? []) boosts.push({ constant_score: { filter: filterClause(filter), boost: weight * WORD } });
    for (const { filter, weight } of c.bury ?? []) boosts.push({ constant_score: { filter: { bool: { must_not: [filterClause(filter)] } }, boost: weight * WORD } });
    for (const filter of c.filters ?? []) filters.push(filterClause(filter));
    redirect ??= c.redirect ?? null;
    facets ??= c.facets ?? null;
    if (c.userData !== undefined) userData.push(c.userData);
  }
  // A product both pinned and hidden stays hidden: hiding is the stronger statement.
  return {
    appliedRules: fired.map((rule) => rule.id),
    pins: pins.filter((pin) => !hidden.has(pin.productId)).sort((a, b) => a.position - b.position),
    hidden: [...hidden],
    boosts,
    filters,
    redirect,
    userData,
    facets: facets ?? compiled.facets,
    tiebreaks: compiled.tiebreaks,
    searchText,
  };
}
