/**
 * The reconciliation sweep, in checkpointed chunks that any number of runs
 * finish together. It repairs what the change feed cannot show:
 *   1. index phase: the index's ids in id order (search_after, so a resume
 *      finds its place exactly), a chunk at a time, fetched from the source
 *      by id: those it no longer has were hard-deleted (a versioned delete:
 *      a copy written since stays); those it holds newer, deactivated, or
 *      with other content under the same or an older DateModified (the
 *      document's content hash differs) are written again.
 *   2. source phase: the source's active ids in id order (offset paging,
 *      each page starting a little before where the last one ended, so ids
 *      shifted left by deletes in between are still read), looked up in
 *      the index by id: those it lacks (imported with an old DateModified,
 *      or missed) or holds older are fetched and written.
 * About two requests per `pageSize` products, plus one per chunk with
 * something to fetch. Every request is a sweep request: it spends only the
 * sweeps' share of the tenant's rate window (SWEEP_RATE_PERCENT), and in a
 * scheduled run the sweep stops, checkpointed, once that share is spent, so
 * incremental syncs keep their minute. The hourly reconciliation of the live
 * index and the check before a full reindex's swap are both this sweep.
 */
import { errors } from '@elastic/elasticsearch';
import { SweepShareSpentError } from '../source/rate-budget.js';
import { applyActions, applyRawProducts } from './apply-page.js';
import { toAction, type ProductAction } from '../transform/to-document.js';
import { checkDeadline, type TenantContext } from './context.js';
import type { SweepCheckpoint } from './sync-state.js';

/**
 * Ids re-read before each source page's offset, so deletes between two pages (which shift later ids left)
 * skip nothing: up to 50, and a quarter of a page at most, so every page still moves on.
 */
export const sourcePageOverlap = (pageSize: number): number => Math.min(50, Math.floor(pageSize / 4));

export type SweepOutcome = { finished: true; checkpoint: SweepCheckpoint } | { finished: false; checkpoint: SweepCheckpoint; reason: string };

export function newSweep(index: string, purpose: SweepCheckpoint['purpose'], now = new Date()): SweepCheckpoint {
  return { index, purpose, startedAt: now.toISOString(), phase: 'index', afterId: null, offset: 0, checked: 0, sourceTotal: null, indexTotal: null, requests: 0, removed: 0, repaired: 0, updated: 0, passes: 1 };
}

/** One chunk of the index in id order after `afterId`: each id's version (its DateModified) and content hash. */
async function indexChunk(ctx: TenantContext, index: string, afterId: string | null, size: number): Promise<Array<{ id: string; version: number; hash: string | null }>> {
  const response = await ctx.es.search<{ content_hash?: string }>({
    index,
    size,
    _source: ['content_hash'],
    version: true,
    sort: [{ id: 'asc' }],
    ...(afterId !== null ? { search_after: [afterId] } : {}),
    query: { match_all: {} },
  });
  return response.hits.hits.map((hit) => ({ id: hit._id as string, version: Number(hit._version ?? Number.NaN), hash: hit._source?.content_hash ?? null }));
}

/** The index's copies of `ids` (realtime): id → indexed DateModified. */
async function indexedVersionsOf(ctx: TenantContext, index: string, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const response = await ctx.es.mget({ index, ids: [...ids], _source: false });
  const versions = new Map<string, number>();
  for (const doc of response.docs) if ('found' in doc && doc.found) versions.set(doc._id, Number(doc._version ?? Number.NaN));
  return versions;
}

/** Hard-deleted at the source: removed, each delete carrying the version read (a copy written since is newer, and stays). */
async function removeGone(ctx: TenantContext, index: string, gone: ReadonlyArray<{ id: string; version: number }>): Promise<number> {
  if (gone.length === 0) return 0;
  await ctx.lease.fence(); // only the lock's holder deletes
  const response = await ctx.es.bulk({
    operations: gone.map(({ id, version }) => ({ delete: { _index: index, _id: id, ...(Number.isFinite(version) ? { version, version_type: 'external_gte' as const } : {}) } })),
    refresh: false,
  });
  const refused = response.items.filter((item) => (item.delete?.status ?? 200) >= 300 && item.delete?.status !== 404 && item.delete?.status !== 409);
  if (refused.length > 0) throw new Error('the sweep could not delete every hard-deleted product');
  const removed = response.items.filter((item) => (item.delete?.status ?? 500) < 300).length;
  ctx.logger.info('sweep removed hard-deleted products', { index, count: removed, ids: gone.slice(0, 50).map((g) => g.id), keptNewer: gone.length - removed });
  return removed;
}

/** Fetches the source's current copies of `ids` and writes them (a product deactivated since is deleted). */
async function fetchAndWrite(ctx: TenantContext, index: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.lease.fence(); // only the lock's holder writes
  const page = await ctx.commerce.productsPage({ limit: ids.length, offset: 0, ids: [...ids] }, 'sweep');
  await applyRawProducts(ctx, index, page.items);
}

/**
 * Runs the sweep from `checkpoint` until it finishes, its share of the rate window is spent (scheduled
 * runs), or the run's deadline; `save` stores the checkpoint after every chunk.
 */
export async function continueSweep(ctx: TenantContext, start: SweepCheckpoint, save: (checkpoint: SweepCheckpoint) => Promise<void>): Promise<SweepOutcome> {
  let checkpoint = { ...start };
  const failed = (id: string) => ctx.failedIds.has(id) || ctx.quarantinedIds.has(id);
  const requestsBefore = ctx.commerce.requests;
  const step = async (next: SweepCheckpoint) => {
    checkpoint = { ...next, requests: start.requests + (ctx.commerce.requests - requestsBefore) };
    await save(checkpoint);
  };
  try {
    while (checkpoint.phase === 'index') {
      const chunk = await indexChunk(ctx, checkpoint.index, checkpoint.afterId, ctx.pageSize);
      if (chunk.length === 0) {
        await step({ ...checkpoint, phase: 'source', offset: 0, indexTotal: checkpoint.checked });
        break;
      }
      // The source's full copies (one request, as an id page would be): their DateModified and content both count.
      const atSource = await ctx.commerce.productsPage({ limit: chunk.length, offset: 0, ids: chunk.map((c) => c.id) }, 'sweep');
      const actions = new Map<string, ProductAction>();
      const rawById = new Map<string, unknown>();
      for (const raw of atSource.items) {
        const action = toAction(raw, ctx.language);
        if (action.id === undefined) continue;
        actions.set(action.id, action);
        rawById.set(action.id, raw);
      }
      const gone = chunk.filter(({ id }) => !actions.has(id));
      // Newer at the source, or the same DateModified (or an older one) with other content: written again, at a
      // version no lower than the indexed one so Elasticsearch takes it. Deactivated ones are deleted likewise.
      const repairs: ProductAction[] = [];
      let updated = 0;
      for (const { id, version, hash } of chunk) {
        const action = actions.get(id);
        if (!action || action.kind === 'invalid') continue;
        const changed = action.version > version || action.kind === 'delete' || action.document.content_hash !== hash;
        if (!changed) continue;
        repairs.push({ ...action, version: Math.max(action.version, Number.isFinite(version) ? version : 0) });
        if (action.kind === 'index') updated += 1;
      }
      const removed = await removeGone(ctx, checkpoint.index, gone);
      if (repairs.length > 0) {
        await ctx.lease.fence(); // only the lock's holder writes
        await applyActions(ctx, checkpoint.index, repairs, rawById);
      }
      ctx.stats.reconciledRemoved += removed;
      ctx.stats.reconciledUpdated += updated;
      await step({
        ...checkpoint,
        afterId: chunk.at(-1)?.id ?? checkpoint.afterId,
        checked: checkpoint.checked + chunk.length,
        removed: checkpoint.removed + removed,
        updated: checkpoint.updated + updated,
      });
      ctx.onProgress?.({ phase: 'reconcile', read: checkpoint.checked });
      checkDeadline(ctx);
    }
    for (;;) {
      const from = Math.max(0, checkpoint.offset - sourcePageOverlap(ctx.pageSize));
      const page = await ctx.commerce.productIdsPage({ limit: ctx.pageSize, offset: from }, 'sweep');
      const indexed = await indexedVersionsOf(ctx, checkpoint.index, page.ids);
      const missing = page.ids.filter((id) => !indexed.has(id) && !failed(id));
      const stale = page.ids.filter((id, i) => indexed.has(id) && (page.modified[i] ?? Number.NaN) > (indexed.get(id) as number));
      await fetchAndWrite(ctx, checkpoint.index, [...missing, ...stale]);
      if (missing.length + stale.length > 0) {
        ctx.logger.warn('sweep indexed products the index lacked or held stale', { index: checkpoint.index, missing: missing.length, stale: stale.length, ids: [...missing, ...stale].slice(0, 50) });
      }
      ctx.stats.reconciledRepaired += missing.length;
      ctx.stats.reconciledUpdated += stale.length;
      const offset = from + page.ids.length;
      const last = page.ids.length < ctx.pageSize || offset >= page.total;
      await step({
        ...checkpoint,
        offset,
        sourceTotal: page.total,
        checked: checkpoint.checked + Math.max(0, offset - checkpoint.offset),
        repaired: checkpoint.repaired + missing.length,
        updated: checkpoint.updated + stale.length,
      });
      ctx.onProgress?.({ phase: 'reconcile', read: checkpoint.checked, expected: (checkpoint.indexTotal ?? 0) + page.total });
      if (last) return { finished: true, checkpoint };
      checkDeadline(ctx);
    }
  } catch (error) {
    if (error instanceof SweepShareSpentError) return { finished: false, checkpoint, reason: error.message };
    if (error instanceof errors.ResponseError && error.meta.statusCode === 404) {
      // The index swept is gone (a swap deleted it): nothing left to sweep.
      ctx.logger.warn('the index being swept no longer exists: sweep dropped', { index: checkpoint.index });
      return { finished: true, checkpoint };
    }
    throw error;
  }
}

/**
 * After a finished sweep: how many products the source holds that the index lacks because they failed
 * (pending or quarantined in the failed-items store). Failed items gone from the source were cleared at
 * the run's start (sync/failed-retry.ts).
 */
export async function unindexedFailures(ctx: TenantContext, index: string): Promise<number> {
  const ids = [...ctx.failedIds, ...ctx.quarantinedIds];
  const indexed = await indexedVersionsOf(ctx, index, ids);
  return ids.filter((id) => !indexed.has(id)).length;
}

/**
 * When the sweep should finish at its pace: the requests left (one per `pageSize` products of each phase;
 * the source holds about what the index does) over the sweeps' slots per window. null when unknown.
 */
export function expectedFinish(checkpoint: SweepCheckpoint, indexCount: number, pageSize: number, slotsPerWindow: number, windowMs: number, now = Date.now()): string {
  const total = (checkpoint.indexTotal ?? indexCount) + (checkpoint.sourceTotal ?? indexCount);
  const requestsLeft = Math.ceil(Math.max(0, total - checkpoint.checked) / Math.max(1, pageSize));
  return new Date(now + Math.ceil(requestsLeft / Math.max(1, slotsPerWindow)) * windowMs).toISOString();
}
