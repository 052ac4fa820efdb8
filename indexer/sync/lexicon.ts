/**
 * Keeps the tenant's lexicon (common/text/lexicon.ts) in step with its
 * index: read every product's name, classes, category and brand from the
 * index, build the vocabulary, and store it as one document the search side
 * reads. Runs after a full reindex's swap, on every reconciliation (hourly)
 * and whenever the lexicon is missing, so it lags the catalog by at most the
 * reconciliation interval.
 */
import { errors } from '@elastic/elasticsearch';
import { LEXICON_DOCUMENT_ID, type StoredLexicon } from '../../common/contract/index-names.js';
import { CATEGORY_SEPARATOR } from '../../common/contract/product-document.js';
import { LexiconBuilder, type LexiconProduct } from '../../common/text/lexicon.js';
import { ensureIndex } from '../sink/ensure-index.js';
import { scanIndex } from '../sink/scan.js';
import type { TenantContext } from './context.js';

interface StoredFields {
  name?: string;
  product_class?: string[];
  category?: string | null;
  category_path?: string[];
  brand?: string | null;
}

async function* indexedProducts(ctx: TenantContext, index: string): AsyncGenerator<LexiconProduct> {
  for await (const hit of scanIndex<StoredFields>(ctx.es, index, { _source: ['name', 'product_class', 'category', 'category_path', 'brand'] }, 5_000)) {
    const source = hit._source ?? {};
    // The deepest level of category_path spells the whole path ("Furniture > Sofas").
    const categoryPath = source.category_path?.at(-1)?.split(CATEGORY_SEPARATOR) ?? [];
    yield { name: source.name ?? '', productClass: source.product_class ?? [], category: source.category ?? null, brand: source.brand ?? null, categoryPath };
  }
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
  for await (const product of indexedProducts(ctx, index)) builder.add(product);
  const lexicon = builder.build();
  await ensureIndex(ctx.es, ctx.names.lexiconIndex, 'lexicon');
  await ctx.lease.fence();
  const document: StoredLexicon = { built_at: new Date().toISOString(), source_index: index, word_count: Object.keys(lexicon.words).length, lexicon };
  await ctx.es.index({ index: ctx.names.lexiconIndex, id: LEXICON_DOCUMENT_ID, document, refresh: true });
  ctx.logger.info('lexicon refreshed', { words: Object.keys(lexicon.words).length, products: lexicon.documents, ms: Date.now() - started });
}
