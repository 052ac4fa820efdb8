/**
 * Pure: query suggestions from the searches shoppers made. Spellings and
 * inflections the tenant's normaliser reads alike are one suggestion
 * ("sohvat" and "sohva"), shown in its most searched spelling; it needs at
 * least `minSearches` searches averaging at least `minHits` results, and
 * none of its words may be on the merchant's block list (read the same way).
 */
import { normalizeTokens } from '../../common/text/normalize.js';
import type { Language } from '../../common/text/languages.js';
import { containsRun } from '../../common/text/token-runs.js';

export interface QueryCount {
  query: string;
  searches: number;
  /** Average results of those searches. */
  avgHits: number;
}

export interface SuggestionRules {
  minSearches: number;
  minHits: number;
  blocked: readonly string[];
  max: number;
}

export interface MergedSuggestion {
  query: string;
  normalized: string;
  searches: number;
  hits: number;
}

export function mergeQuerySuggestions(counts: readonly QueryCount[], language: Language, rules: SuggestionRules): MergedSuggestion[] {
  const blocked = rules.blocked.map((phrase) => normalizeTokens(phrase, language)).filter((tokens) => tokens.length > 0);
  const groups = new Map<string, { spellings: Map<string, number>; searches: number; hitSum: number }>();
  for (const { query, searches, avgHits } of counts) {
    const tokens = normalizeTokens(query, language);
    if (tokens.length === 0 || blocked.some((phrase) => containsRun(tokens, phrase))) continue;
    const key = tokens.join(' ');
    const group = groups.get(key) ?? { spellings: new Map<string, number>(), searches: 0, hitSum: 0 };
    group.spellings.set(query, (group.spellings.get(query) ?? 0) + searches);
    group.searches += searches;
    group.hitSum += avgHits * searches;
    groups.set(key, group);
  }
  return [...groups]
    .map(([normalized, g]) => ({
      // The most searched spelling; ties to the shorter, then alphabetically (stable across builds).
      query: [...g.spellings].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))[0]![0],
      normalized,
      searches: g.searches,
      hits: Math.round((g.hitSum / g.searches) * 10) / 10,
    }))
    .filter((s) => s.searches >= rules.minSearches && s.hits >= rules.minHits)
    .sort((a, b) => b.searches - a.searches || a.query.localeCompare(b.query))
    .slice(0, rules.max);
}
