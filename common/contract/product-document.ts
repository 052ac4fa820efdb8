/**
 * The product document as stored in Elasticsearch: written by the indexer
 * (indexer/transform/to-document.ts), read by the search side. Field names
 * match mappings/products.json; the `*_norm` fields hold the shared
 * normaliser's output (common/text/normalize.ts) and are never returned.
 */
export interface ProductDocument {
  id: string;
  /**
   * A hash of the source product's content (everything but its DateModified): reconciliation compares it
   * with the source's, and so repairs an edit whose DateModified stayed the same or went backwards.
   */
  content_hash: string;
  sku: string | null;
  name: string;
  name_norm: string;
  description: string | null;
  description_norm: string | null;
  brand: string | null;
  brand_norm: string | null;
  product_class: string[];
  class_norm: string;
  /** The leaf category, for display. */
  category: string | null;
  /** Every ancestor path ("Furniture", "Furniture > Beds", …) so a filter on any level matches. */
  category_path: string[];
  category_lvl0: string | null;
  category_lvl1: string | null;
  category_lvl2: string | null;
  category_norm: string;
  /** fi and sv: the stems of name, brand, class and category with ä/ö/å as written (the exact spelling scores higher); null for en. */
  exact_norm: string | null;
  price: number | null;
  currency: string | null;
  image_url: string | null;
  active: boolean;
  attributes: Record<string, string[]>;
  date_modified: string;
  suggest: { input: string[]; weight: number };
}

/** Any field of the document that can be queried, sorted or aggregated on. */
export type ProductField = keyof ProductDocument;

/** Joins the levels of `category_path` ("Furniture > Beds"). */
export const CATEGORY_SEPARATOR = ' > ';
