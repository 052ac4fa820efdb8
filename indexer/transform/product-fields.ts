/**
 * The one module that knows the commerce API's product shape. If the
 * published schema names fields differently, change `apiProductSchema` and
 * `toSourceProduct` (and indexer/queries/*.graphql); nothing else should need to.
 */
import { z } from 'zod';

const nullableText = z.string().nullish().transform((value) => value?.trim() || null);

export const apiProductSchema = z.object({
  id: z.union([z.string().min(1).max(512), z.number().int()]).transform(String),
  sku: nullableText,
  name: z.string().trim().min(1, 'name is empty').max(1000),
  description: nullableText,
  price: z.number().finite().nonnegative().nullish(),
  currency: nullableText,
  dateModified: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'dateModified is not a date-time'),
  active: z.boolean(),
  categoryPath: z.array(z.string()).nullish(),
  productClass: z.array(z.string()).nullish(),
  brand: nullableText,
  imageUrl: nullableText,
  attributes: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
});

/** The catalog fields the indexer works with, independent of the API's naming. */
export interface SourceProduct {
  id: string;
  sku: string | null;
  name: string;
  description: string | null;
  price: number | null;
  currency: string | null;
  dateModifiedMs: number;
  active: boolean;
  categoryPath: string[];
  productClass: string[];
  brand: string | null;
  imageUrl: string | null;
  attributes: Record<string, string[]>;
}

const cleanList = (values: readonly string[] | null | undefined) =>
  (values ?? []).map((value) => value.trim()).filter((value) => value.length > 0);

export function toSourceProduct(product: z.infer<typeof apiProductSchema>): SourceProduct {
  // Attribute names come from the catalog: a null-prototype object, so "constructor" or "__proto__" are plain keys.
  const attributes: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const { name, value } of product.attributes ?? []) {
    const key = name.trim().toLowerCase();
    if (!key || !value.trim()) continue;
    (attributes[key] ??= []).push(value.trim());
  }
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    price: product.price ?? null,
    currency: product.currency,
    dateModifiedMs: Date.parse(product.dateModified),
    active: product.active,
    categoryPath: cleanList(product.categoryPath),
    productClass: cleanList(product.productClass),
    brand: product.brand,
    imageUrl: product.imageUrl,
    attributes,
  };
}

/** The id of a raw API product, if it has a usable one, for error reports. */
export function rawProductId(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object' && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return undefined;
}
