/**
 * Products that could not be indexed (Elasticsearch rejected them, or the API
 * sent them malformed), kept per tenant with the raw product and the reason.
 * Every run retries them first; an entry leaves only when that product was
 * written successfully (or the API sent a newer, valid copy). Until the store
 * is empty the tenant's runs report `failed`.
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
  run_id: string;
  product: unknown;
}

export type NewFailure = Pick<FailedItem, 'reason' | 'detail' | 'status' | 'active' | 'product'> & { productId: string | undefined };

/** A product without a usable id is keyed by a hash of its content so it is still kept and reported. */
function keyFor(failure: NewFailure): string {
  if (failure.productId) return failure.productId;
  const digest = createHash('sha256').update(JSON.stringify(failure.product) ?? '').digest('hex').slice(0, 16);
  return `unidentified-${digest}`;
}

export class FailedItemsStore {
  private readonly ensureIndex: () => Promise<void>;

  constructor(
    private readonly es: Client,
    private readonly index: string,
  ) {
    this.ensureIndex = ensureIndexOnce(es, index, 'failed-items');
  }

  async record(failures: readonly NewFailure[], runId: string, now = new Date()): Promise<void> {
    if (failures.length === 0) return;
    await this.ensureIndex();
    const keyed = failures.map((failure) => ({ key: keyFor(failure), failure }));
    const existing = await this.es.mget<FailedItem>({ index: this.index, ids: keyed.map((k) => k.key) });
    const previous = new Map<string, FailedItem>();
    for (const doc of existing.docs) {
      if ('found' in doc && doc.found && doc._source) previous.set(doc._id, doc._source);
    }
    const at = now.toISOString();
    const operations = keyed.flatMap(({ key, failure }) => {
      const before = previous.get(key);
      const item: FailedItem = {
        product_id: key,
        reason: failure.reason,
        detail: failure.detail.slice(0, 2000),
        status: failure.status,
        active: failure.active,
        attempts: (before?.attempts ?? 0) + 1,
        first_failed_at: before?.first_failed_at ?? at,
        last_failed_at: at,
        run_id: runId,
        product: failure.product,
      };
      return [{ index: { _index: this.index, _id: key } }, item];
    });
    const response = await this.es.bulk({ operations, refresh: 'wait_for' });
    if (response.errors) throw new Error('could not record failed items in the failed-items store');
  }

  async clear(ids: Iterable<string>): Promise<void> {
    const list = [...ids];
    if (list.length === 0 || !(await this.es.indices.exists({ index: this.index }))) return;
    await this.es.bulk({ operations: list.map((id) => ({ delete: { _index: this.index, _id: id } })), refresh: 'wait_for' });
  }

  /** All stored failures (bounded: a store this large means something is systematically wrong). */
  async list(limit = 10_000): Promise<FailedItem[]> {
    if (!(await this.es.indices.exists({ index: this.index }))) return [];
    const response = await this.es.search<FailedItem>({ index: this.index, size: limit, sort: ['_doc'] });
    return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  }
}
