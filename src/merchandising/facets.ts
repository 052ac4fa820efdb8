/**
 * Pure: the merchant's facet order and visibility (settings.facets) on a
 * search's answer: /search's facets reordered and filtered, and Algolia's
 * `renderingContent.facetOrdering` for InstantSearch's dynamicWidgets.
 */
import type { FacetSettings } from '../../common/contract/merchandising.js';

/**
 * Pure: /search's facets in the merchant's order (the rest after, as they were), without hidden ones, and
 * each facet's values with the chosen ones first, then the rest by count, alphabetically, or not at all.
 */
export function orderFacets<V extends { value: string; count: number }>(facets: Record<string, V[]>, settings: FacetSettings | null): Record<string, V[]> {
  if (!settings) return facets;
  const hidden = new Set(settings.hidden ?? []);
  const names = Object.keys(facets);
  const ordered = [...(settings.order ?? []).filter((name) => names.includes(name)), ...names.filter((name) => !(settings.order ?? []).includes(name))];
  const valueRules = new Map((settings.values ?? []).map((v) => [v.facet, v]));
  const result: Record<string, V[]> = {};
  for (const name of ordered) {
    if (hidden.has(name)) continue;
    const values = facets[name] ?? [];
    const rule = valueRules.get(name);
    if (!rule) {
      result[name] = values;
      continue;
    }
    const first = (rule.order ?? []).flatMap((value) => values.filter((v) => v.value === value));
    const rest = values.filter((v) => !(rule.order ?? []).includes(v.value));
    const remaining = rule.sortRemainingBy === 'hidden' ? [] : rule.sortRemainingBy === 'alpha' ? [...rest].sort((a, b) => a.value.localeCompare(b.value)) : rest;
    result[name] = [...first, ...remaining];
  }
  return result;
}

/** Algolia's `renderingContent.facetOrdering` for InstantSearch's dynamicWidgets. */
export function facetOrdering(settings: FacetSettings | null): Record<string, unknown> | undefined {
  if (!settings || (!settings.order && !settings.values)) return undefined;
  const hidden = new Set(settings.hidden ?? []);
  const values = Object.fromEntries(
    (settings.values ?? []).map((v) => [v.facet, { ...(v.order ? { order: v.order } : {}), sortRemainingBy: v.sortRemainingBy ?? 'count' }]),
  );
  return { facets: { order: (settings.order ?? []).filter((name) => !hidden.has(name)) }, values };
}

