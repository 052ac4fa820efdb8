/**
 * Pure: one raw API product → the action the index needs (index a document,
 * or delete an inactive product), or a rejection with a reason. No I/O.
 */
import { createHash } from 'node:crypto';
import { exactTokens, normalizeText } from '../../common/text/normalize.js';
import type { Language } from '../../common/text/languages.js';
import { CATEGORY_SEPARATOR, type ProductDocument } from '../../common/contract/product-document.js';
import { apiProductSchema, rawProductId, toSourceProduct, type SourceProduct } from './product-fields.js';

export type ProductAction =
  | { kind: 'index'; id: string; version: number; document: ProductDocument }
  | { kind: 'delete'; id: string; version: number }
  | { kind: 'invalid'; id: string | undefined; reason: string; raw: unknown };

/** Pure: the hash of a product's content, DateModified left out (see ProductDocument.content_hash). */
export function contentHash(product: SourceProduct): string {
  const { dateModifiedMs: _modified, ...content } = product;
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22);
}

function categoryLevels(path: readonly string[]): string[] {
  return path.map((_, depth) => path.slice(0, depth + 1).join(CATEGORY_SEPARATOR));
}

export function toDocument(product: SourceProduct, language: Language = 'en'): ProductDocument {
  const levels = categoryLevels(product.categoryPath);
  // Completion inputs: the full name and the leaf category, so "sof" suggests both "sofa" products and "Sofas".
  const leaf = product.categoryPath.at(-1) ?? null;
  const suggestInputs = [product.name.slice(0, 100), ...(leaf ? [leaf] : [])];
  return {
    id: product.id,
    content_hash: contentHash(product),
    sku: product.sku,
    name: product.name,
    name_norm: normalizeText(product.name, language),
    description: product.description,
    description_norm: product.description ? normalizeText(product.description, language) : null,
    brand: product.brand,
    brand_norm: product.brand ? normalizeText(product.brand, language) : null,
    product_class: product.productClass,
    class_norm: normalizeText(product.productClass.join(' '), language),
    category: leaf,
    category_path: levels,
    category_lvl0: levels[0] ?? null,
    category_lvl1: levels[1] ?? null,
    category_lvl2: levels[2] ?? null,
    category_norm: normalizeText(product.categoryPath.join(' '), language),
    exact_norm: language === 'en' ? null : exactTokens([product.name, product.brand ?? '', ...product.productClass, ...product.categoryPath].join(' '), language).join(' '),
    price: product.price,
    currency: product.currency,
    image_url: product.imageUrl,
    active: product.active,
    attributes: product.attributes,
    date_modified: new Date(product.dateModifiedMs).toISOString(),
    suggest: { input: suggestInputs, weight: 1 },
  };
}

/**
 * The document version is the product's DateModified in epoch milliseconds
 * (Elasticsearch external versioning): an older copy of a product can never
 * overwrite a newer one, whatever order pages and retries arrive in.
 */
export function toAction(raw: unknown, language: Language = 'en'): ProductAction {
  const parsed = apiProductSchema.safeParse(raw);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'product'}: ${issue.message}`).join('; ');
    return { kind: 'invalid', id: rawProductId(raw), reason, raw };
  }
  const product = toSourceProduct(parsed.data);
  if (!product.active) return { kind: 'delete', id: product.id, version: product.dateModifiedMs };
  return { kind: 'index', id: product.id, version: product.dateModifiedMs, document: toDocument(product, language) };
}
