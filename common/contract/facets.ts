/**
 * What shoppers filter and facet on, defined once for every endpoint: the
 * `GET /search` parameter names, the facets it returns, and the InstantSearch
 * (Algolia) attribute names, each mapped onto a keyword field of the product
 * document.
 */
import type { ProductField } from './product-document.js';

/** `GET /search` filter parameters → keyword fields. Values of one filter are OR'ed, filters are AND'ed. */
export const FILTER_FIELDS = {
  department: 'category_lvl0',
  category: 'category',
  path: 'category_path',
  class: 'product_class',
  brand: 'brand',
} as const satisfies Record<string, ProductField>;
export type FilterName = keyof typeof FILTER_FIELDS;
export const FILTER_NAMES = Object.keys(FILTER_FIELDS) as FilterName[];

export interface FacetSpec {
  /** Name in the response. */
  name: string;
  field: string;
  size: number;
}

/** The facets `GET /search` returns; refining one keeps the others' counts honest (disjunctive). */
export const SEARCH_FACETS: FacetSpec[] = [
  { name: 'department', field: FILTER_FIELDS.department, size: 20 },
  { name: 'category', field: FILTER_FIELDS.category, size: 30 },
  { name: 'class', field: FILTER_FIELDS.class, size: 30 },
  { name: 'brand', field: FILTER_FIELDS.brand, size: 30 },
];

/** InstantSearch attribute names → keyword fields (plus `attributes.<name>`, see facetField in src/instantsearch). */
export const INSTANTSEARCH_FACET_ATTRIBUTES: Readonly<Record<string, ProductField>> = {
  brand: FILTER_FIELDS.brand,
  category: FILTER_FIELDS.category,
  department: FILTER_FIELDS.department,
  product_class: FILTER_FIELDS.class,
  'hierarchicalCategories.lvl0': 'category_lvl0',
  'hierarchicalCategories.lvl1': 'category_lvl1',
  'hierarchicalCategories.lvl2': 'category_lvl2',
  objectID: 'id',
};

/** Numeric attributes (ranges, stats): the same name in both APIs. */
export const NUMERIC_FIELDS: Readonly<Record<string, ProductField>> = { price: 'price' };
