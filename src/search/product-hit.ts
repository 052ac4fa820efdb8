/** Pure: the stored product fields → what a storefront renders, shared by every endpoint. */
export interface ProductSource {
  id: string;
  name: string;
  sku?: string | null;
  price?: number | null;
  currency?: string | null;
  image_url?: string | null;
  category?: string | null;
  category_path?: string[];
  product_class?: string[];
  brand?: string | null;
}

export interface ProductHit {
  id: string;
  name: string;
  sku: string | null;
  price: number | null;
  currency: string | null;
  image: string | null;
  category: string | null;
  /** The deepest category path, e.g. "Furniture > Living Room Furniture > Sofas". */
  categoryPath: string | null;
  class: string[];
  brand: string | null;
}

export function toProductHit(source: ProductSource): ProductHit {
  return {
    id: source.id,
    name: source.name,
    sku: source.sku ?? null,
    price: source.price ?? null,
    currency: source.currency ?? null,
    image: source.image_url ?? null,
    category: source.category ?? null,
    categoryPath: source.category_path?.at(-1) ?? null,
    class: source.product_class ?? [],
    brand: source.brand ?? null,
  };
}
