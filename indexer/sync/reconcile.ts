/**
 * Reconciliation sweep: hard-deleted products never show up in the change
 * feed, so compare the ids the API still returns with the ids in the index.
 * Ids only in the index are re-checked by id before deletion (offset paging
 * over a changing catalog can skip an id); ids only at the source are
 * fetched and indexed.
 */
import type { Client } from '@elastic/elasticsearch';
import { applyRawProducts } from './apply-page.js';
import { checkDeadline, type TenantContext } from './context.js';

export interface ReconcileResult {
  /** Active products at the source, as seen by the sweep. */
  sourceCount: number;
  removed: number;
  repaired: number;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every product id in the index, in id order (search_after over the `id` keyword). */
export async function indexedIds(es: Client, index: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: Array<string | number> | undefined;
  for (;;) {
    const response = await es.search<never>({
      index,
      size: 10_000,
      _source: false,
      fields: [],
      sort: [{ id: 'asc' }],
      ...(after ? { search_after: after } : {}),
      query: { match_all: {} },
    });
    const hits = response.hits.hits;
    for (const hit of hits) if (hit._id) ids.add(hit._id);
    if (hits.length < 10_000) return ids;
    after = hits.at(-1)?.sort as Array<string | number>;
  }
}

export async function reconcile(ctx: TenantContext, index: string): Promise<ReconcileResult> {
  const sourceIds = new Set<string>();
  for (let offset = 0; ; offset += ctx.pageSize) {
    const page = await ctx.commerce.productIdsPage({ limit: ctx.pageSize, offset });
    for (const id of page.ids) sourceIds.add(id);
    ctx.onProgress?.({ phase: 'reconcile', read: sourceIds.size, expected: page.total });
    if (page.ids.length < ctx.pageSize || offset + page.ids.length >= page.total) break;
    checkDeadline(ctx);
  }

  await ctx.es.indices.refresh({ index });
  const inIndex = await indexedIds(ctx.es, index);

  const candidates = [...inIndex].filter((id) => !sourceIds.has(id));
  const confirmedGone: string[] = [];
  for (const batch of chunks(candidates, ctx.pageSize)) {
    const stillActive = new Set((await ctx.commerce.productIdsPage({ limit: batch.length, offset: 0, ids: batch })).ids);
    for (const id of batch) {
      if (stillActive.has(id)) sourceIds.add(id);
      else confirmedGone.push(id);
    }
  }
  if (confirmedGone.length > 0) {
    const response = await ctx.es.bulk({
      operations: confirmedGone.map((id) => ({ delete: { _index: index, _id: id } })),
      refresh: 'wait_for',
    });
    if (response.errors) throw new Error('reconciliation could not delete every hard-deleted product');
    ctx.logger.info('reconciliation removed hard-deleted products', { count: confirmedGone.length, ids: confirmedGone.slice(0, 50) });
  }

  const missing = [...sourceIds].filter((id) => !inIndex.has(id) && !ctx.failedIds.has(id));
  for (const batch of chunks(missing, ctx.pageSize)) {
    const page = await ctx.commerce.productsPage({ limit: batch.length, offset: 0, ids: batch });
    await applyRawProducts(ctx, index, page.items);
  }
  if (missing.length > 0) {
    ctx.logger.warn('reconciliation indexed products missing from the index', { count: missing.length, ids: missing.slice(0, 50) });
  }
  ctx.stats.reconciledRemoved += confirmedGone.length;
  ctx.stats.reconciledRepaired += missing.length;
  return { sourceCount: sourceIds.size, removed: confirmedGone.length, repaired: missing.length };
}
