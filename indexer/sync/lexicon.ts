/**
 * Builds the tenant's lexicon (common/text/lexicon.ts) from its index: read
 * every product's name, classes, category and brand, build the vocabulary,
 * and store it as one document the search side reads. Runs after a full
 * reindex's swap, on every reconciliation (hourly), when the incremental
 * updates outgrow their bound, and whenever the lexicon is missing; between
 * builds, each write to the live index updates it (lexicon-updates.ts).
 */
import { errors } from '@elastic/elasticsearch';
import { LEXICON_DOCUMENT_ID, type StoredLexicon } from '../../common/contract/index-names.js';
import { CATEGORY_SEPARATOR } from '../../common/contract/product-document.js';
import { LexiconBuilder, type LexiconProduct } from '../../common/text/lexicon.js';
import { ensureIndex } from '../sink/ensure-index.js';
import { scanIndex } from '../sink/scan.js';
import type { TenantContext } from './context.js';

/** The fields of an indexed product the lexicon reads. */
export const LEXICON_SOURCE_FIELDS = ['name', 'product_class', 'category', 'category_path', 'brand'];

export interface LexiconSourceFields {
  name?: string;
  product_class?: string[];
  category?: string | null;
  category_path?: string[];
  brand?: string | null;
}

/** Pure: what the lexicon reads of an indexed product (its stored source, or the document about to be written). */
export function lexiconProductOf(source: LexiconSourceFields): LexiconProduct {
  // The deepest level of category_path spells the whole path ("Furniture > Sofas").
  const categoryPath = source.category_path?.at(-1)?.split(CATEGORY_SEPARATOR) ?? [];
  return { name: source.name ?? '', productClass: source.product_class ?? [], category: source.category ?? null, brand: source.brand ?? null, categoryPath };
}

async function* indexedProducts(ctx: TenantContext, index: string): AsyncGenerator<LexiconProduct> {
  for await (const hit of scanIndex<LexiconSourceFields>(ctx.es, index, { _source: LEXICON_SOURCE_FIELDS }, 5_000)) yield lexiconProductOf(hit._source ?? {});
}

export async function lexiconExists(ctx: TenantContext): Promise<boolean> {
  try {
    return (await ctx.es.exists({ index: ctx.names.lexiconIndex, id: LEXICON_DOCUMENT_ID })) === true;
  } catch (error) {
    if (error instanceof errors.ResponseError && error.meta.statusCode === 404) return false;
    throw error;
  }
}

export async function refreshLexicon(ctx: TenantContext, index: string): Promise<void> {
  const started = Date.now();
  const builder = new LexiconBuilder(ctx.language);
  // Every write so far, this run's included: the scan reads what a refresh has made searchable.
  await ctx.es.indices.refresh({ index });
  for await (const product of indexedProducts(ctx, index)) builder.add(product);
  const lexicon = builder.build();
  await ensureIndex(ctx.es, ctx.names.lexiconIndex, 'lexicon');
  await ctx.lease.fence();
  const document: StoredLexicon = { built_at: new Date().toISOString(), source_index: index, word_count: Object.keys(lexicon.words).length, ...(lexicon.dropped ? { dropped_words: lexicon.dropped } : {}), lexicon };
  await ctx.es.index({ index: ctx.names.lexiconIndex, id: LEXICON_DOCUMENT_ID, document, refresh: true });
  ctx.logger.info('lexicon refreshed', { words: Object.keys(lexicon.words).length, products: lexicon.documents, ms: Date.now() - started });
}
