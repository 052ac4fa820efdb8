/**
 * Pure: Algolia's restrictSearchableAttributes as a filter. A product
 * matches only when one of the query's words (as read: its inflections,
 * correction, compounds, or the prefix being typed) is in one of the named
 * attributes; ranking still weighs every field as usual (the documented
 * difference from Algolia, which also ranks on the subset only).
 */
import type { estypes } from '@elastic/elasticsearch';
import type { QueryUnderstanding } from '../search/relevance.js';

type Query = estypes.QueryDslQueryContainer;

/** Searchable attribute → the field holding its normalised words. */
export const SEARCHABLE_ATTRIBUTES: Readonly<Record<string, string>> = {
  name: 'name_norm',
  brand: 'brand_norm',
  product_class: 'class_norm',
  class: 'class_norm',
  category: 'category_norm',
  description: 'description_norm',
};

export function restrictToAttributes(understanding: QueryUnderstanding | undefined, attributes: readonly string[] | null): Query | undefined {
  if (!understanding || !attributes || attributes.length === 0) return undefined;
  const fields = [...new Set(attributes.flatMap((attribute) => (Object.hasOwn(SEARCHABLE_ATTRIBUTES, attribute) ? [SEARCHABLE_ATTRIBUTES[attribute] as string] : [])))];
  if (fields.length === 0) return undefined;
  const should = understanding.words.flatMap((word) => {
    const values = word.known ? [word.token, ...(word.heads ?? []), ...(word.joins ?? [])] : [word.corrected ?? word.token, ...(word.split ?? [])];
    return fields.flatMap((field): Query[] => [{ terms: { [field]: values } }, ...(word.prefix ? [{ prefix: { [field]: word.token } }] : [])]);
  });
  return should.length > 0 ? { bool: { should, minimum_should_match: 1 } } : undefined;
}
