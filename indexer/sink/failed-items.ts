/**
 * Products that could not be indexed (Elasticsearch rejected them, or the API
 * sent them malformed), kept per tenant with the raw product and the reason.
 *
 * Their lifecycle (sync/failed-retry.ts): every run retries the pending ones
 * first, from the source's current copy; an entry leaves when its product is
 * written, deactivated, or deleted at the source. After `maxAttempts` failed
 * attempts an entry is quarantined: still reported (status, logs, the
 * `QuarantinedDocuments` metric), retried only by reconciliation, and no
 * longer failing every run. A product without a usable id can never be
 * matched to the source: it is quarantined at once. No entry blocks a full
 * reindex's swap: verification counts only the entries whose ids the source
 * still holds.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { ensureIndexOnce } from './ensure-index.js';

export interface FailedItem {
  product_id: string;
  reason: 'rejected_by_elasticsearch' | 'invalid_product';
  detail: string;
  status: number | null;
  /** Whether the product is active at the source (it then counts towards the catalog size). */
  active: boolean;
  attempts: number;
  first_failed_at: string;
  last_failed_at: string;
  /** Set once the entry is quarantined (ISO): retried by reconciliation only, never failing a run. */
  quarantined_at?: string | null;
  run_id: string;
  product: unknown;
}

/** Keys of products without a usable id: they can never be looked up at the source. */
export const UNIDENTIFIED_PREFIX = 'unidentified-';

export function isQuarantined(item: Pick<FailedItem, 'quarantined_at'>): boolean {
  return Boolean(item.quarantined_at);
}

export type NewFailure = Pick<FailedItem, 'reason' | 'detail' | 'status' | 'active' | 'product'> & { productId: string | undefined };

/** A product without a usable id is keyed by a hash of its content so it is still kept and reported. */
function keyFor(failure: NewFailure): string {
  if (failure.productId) return failure.productId;
  const digest = createHash('sha256').update(JSON.stringify(failure.product) ?? '').digest('hex').slice(0, 16);
  return `${UNIDENTIFIED_PREFIX}${digest}`;
}

export class FailedItemsStore {
  private readonly ensureIndex: () => Promise<void>;

  constructor(
    private readonly es: Client,
    private readonly index: string,
    /** Failed attempts after which an entry is quarantined (FAILED_ITEM_MAX_ATTEMPTS). */
    private readonly maxAttempts = 5,
  ) {
    this.ensureIndex = ensureIndexOnce(es, index, 'failed-items');
  }

  /** Records failures; returns the keys that were quarantined by this call. */
  async record(failures: readonly NewFailure[], runId: string, now = new Date()): Promise<string[]> {
    if (failures.length === 0) return [];
    await this.ensureIndex();
    const keyed = failures.map((failure) => ({ key: keyFor(failure), failure }));
    const existing = await this.es.mget<FailedItem>({ index: this.index, ids: keyed.map((k) => k.key) });
    const previous = new Map<string, FailedItem>();
    for (const doc of existing.docs) {
      if ('found' in doc && doc.found && doc._source) previous.set(doc._id, doc._source);
    }
    const at = now.toISOString();
    const quarantined: string[] = [];
    const operations = keyed.flatMap(({ key, failure }) => {
      const before = previous.get(key);
      const attempts = (before?.attempts ?? 0) + 1;
      const quarantine = before?.quarantined_at ?? (attempts >= this.maxAttempts || key.startsWith(UNIDENTIFIED_PREFIX) ? at : null);
      if (quarantine && !before?.quarantined_at) quarantined.push(key);
      const item: FailedItem = {
        product_id: key,
        reason: failure.reason,
        detail: failure.detail.slice(0, 2000),
        status: failure.status,
        active: failure.active,
        attempts,
        first_failed_at: before?.first_failed_at ?? at,
        last_failed_at: at,
        quarantined_at: quarantine,
        run_id: runId,
        product: failure.product,
      };
      return [{ index: { _index: this.index, _id: key } }, item];
    });
    const response = await this.es.bulk({ operations, refresh: 'wait_for' });
    if (response.errors) throw new Error('could not record failed items in the failed-items store');
    return quarantined;
  }

  async clear(ids: Iterable<string>): Promise<void> {
    const list = [...ids];
    if (list.length === 0 || !(await this.es.indices.exists({ index: this.index }))) return;
    await this.es.bulk({ operations: list.map((id) => ({ delete: { _index: this.index, _id: id } })), refresh: 'wait_for' });
  }

  /**
   * Products without a usable id that a full crawl, started at `crawlStartedAt`, did not meet again: the
   * catalog no longer holds them (one that still does was recorded again during the crawl).
   */
  async clearUnidentifiedNotSeenSince(crawlStartedAt: string): Promise<number> {
    const stale = (await this.list()).filter((item) => item.product_id.startsWith(UNIDENTIFIED_PREFIX) && item.last_failed_at < crawlStartedAt);
    await this.clear(stale.map((item) => item.product_id));
    return stale.length;
  }

  /** All stored failures (bounded: a store this large means something is systematically wrong). */
  async list(limit = 10_000): Promise<FailedItem[]> {
    if (!(await this.es.indices.exists({ index: this.index }))) return [];
    const response = await this.es.search<FailedItem>({ index: this.index, size: limit, sort: ['_doc'] });
    return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  }
}
