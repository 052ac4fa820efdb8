/** Pure: a validated `GET /search` request → the SearchPlan the body builder understands. */
import type { estypes } from '@elastic/elasticsearch';
import type { FacetSpec, SearchPlan } from './search-body.js';
import { TERM_FILTERS, TERM_FILTER_NAMES, type SearchRequest } from './search-request.js';

/** The facets `GET /search` returns; refining one keeps the others' counts honest (disjunctive). */
export const SEARCH_FACETS: FacetSpec[] = [
  { name: 'department', field: TERM_FILTERS.department, size: 20 },
  { name: 'category', field: TERM_FILTERS.category, size: 30 },
  { name: 'class', field: TERM_FILTERS.class, size: 30 },
  { name: 'brand', field: TERM_FILTERS.brand, size: 30 },
];
const FACET_NAMES = new Set(SEARCH_FACETS.map((facet) => facet.name));

export function planSearch(request: SearchRequest): SearchPlan {
  const filters: estypes.QueryDslQueryContainer[] = [];
  const refinements: SearchPlan['refinements'] = [];
  for (const name of TERM_FILTER_NAMES) {
    const values = request.filters.terms[name];
    if (!values) continue;
    const clause = { terms: { [TERM_FILTERS[name]]: values } };
    if (FACET_NAMES.has(name)) refinements.push({ facet: name, clause });
    else filters.push(clause);
  }
  for (const [attribute, values] of Object.entries(request.filters.attributes)) {
    filters.push({ terms: { [`attributes.${attribute}`]: values } });
  }
  const { priceMin, priceMax } = request.filters;
  if (priceMin !== undefined || priceMax !== undefined) {
    refinements.push({
      facet: 'price',
      clause: { range: { price: { ...(priceMin !== undefined ? { gte: priceMin } : {}), ...(priceMax !== undefined ? { lte: priceMax } : {}) } } },
    });
  }
  return {
    query: request.query,
    page: request.page,
    size: request.size,
    sort: request.sort,
    filters,
    refinements,
    facets: SEARCH_FACETS,
    priceFacet: true,
    highlight: request.highlight,
    didYouMean: true,
  };
}
