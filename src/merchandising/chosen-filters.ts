/**
 * Pure: which filter values the shopper chose, by keyword field, so a rule
 * can fire on a category page or a brand (a rule's `condition.filters`).
 * From /search's filter parameters, and from the Elasticsearch clauses the
 * InstantSearch filters became (filters.ts): every positive term in them,
 * whether AND'ed or OR'ed (`brand:A OR brand:B` chose both); a negated one
 * (`NOT brand:A`) chose nothing.
 */
import type { estypes } from '@elastic/elasticsearch';
import { FILTER_FIELDS, FILTER_NAMES } from '../../common/contract/facets.js';
import type { Filters } from '../search/search-request.js';

/** keyword field → the values chosen. */
export type ChosenFilters = ReadonlyMap<string, ReadonlySet<string>>;

type Query = estypes.QueryDslQueryContainer;

function add(chosen: Map<string, Set<string>>, field: string, value: unknown): void {
  if (typeof value !== 'string') return;
  let values = chosen.get(field);
  if (!values) chosen.set(field, (values = new Set()));
  values.add(value);
}

/** /search's `brand=…&category=…` filters. */
export function chosenFromSearchFilters(filters: Filters): ChosenFilters {
  const chosen = new Map<string, Set<string>>();
  for (const name of FILTER_NAMES) for (const value of filters.terms[name] ?? []) add(chosen, FILTER_FIELDS[name], value);
  return chosen;
}

/** The positive terms anywhere in the clauses, outside any must_not. */
export function chosenFromClauses(clauses: readonly Query[]): ChosenFilters {
  const chosen = new Map<string, Set<string>>();
  const visit = (clause: Query | Query[] | undefined, depth: number): void => {
    if (!clause || depth > 20) return;
    if (Array.isArray(clause)) return clause.forEach((c) => visit(c, depth + 1));
    if (clause.term) {
      for (const [field, spec] of Object.entries(clause.term)) add(chosen, field, typeof spec === 'object' && spec !== null ? (spec as { value?: unknown }).value : spec);
    }
    if (clause.terms) {
      for (const [field, values] of Object.entries(clause.terms)) if (Array.isArray(values)) values.forEach((value) => add(chosen, field, value));
    }
    if (clause.bool) {
      visit(clause.bool.filter, depth + 1);
      visit(clause.bool.must, depth + 1);
      visit(clause.bool.should, depth + 1);
    }
  };
  visit([...clauses], 0);
  return chosen;
}
