/**
 * Writes index/delete actions with the client's bulk helper: bounded
 * concurrency, Elasticsearch 429s retried by the helper, every other
 * rejected item returned with its id and reason (never dropped silently).
 * External versioning (version = DateModified ms) makes a stale write a
 * harmless 409 rather than an overwrite.
 */
import type { Client } from '@elastic/elasticsearch';
import type { ProductAction } from '../transform/to-document.js';

type WriteAction = Exclude<ProductAction, { kind: 'invalid' }>;

export interface RejectedItem {
  id: string;
  status: number;
  reason: string;
  action: WriteAction;
}

export interface BulkOutcome {
  indexed: number;
  deleted: number;
  /** Already present in a newer version (or a delete of something absent): nothing to do. */
  unchanged: number;
  rejected: RejectedItem[];
  /** Ids written (or confirmed unchanged) successfully. */
  succeededIds: string[];
  /** Ids whose indexed copy this write replaced or deleted (succeeded and not unchanged). */
  changedIds: string[];
}

export interface BulkWriterOptions {
  concurrency: number;
  flushBytes: number;
  /** How often the helper retries items Elasticsearch rejected with 429. */
  retries: number;
  retryWaitMs: number;
}

export class BulkWriter {
  constructor(
    private readonly es: Client,
    private readonly options: BulkWriterOptions,
  ) {}

  async write(index: string, actions: readonly WriteAction[]): Promise<BulkOutcome> {
    const outcome: BulkOutcome = { indexed: 0, deleted: 0, unchanged: 0, rejected: [], succeededIds: [], changedIds: [] };
    if (actions.length === 0) return outcome;
    const failedIds = new Set<string>();
    const unchangedIds = new Set<string>();
    const byId = new Map(actions.map((action) => [action.id, action]));
    await this.es.helpers.bulk<WriteAction>({
      datasource: [...actions],
      concurrency: this.options.concurrency,
      flushBytes: this.options.flushBytes,
      retries: this.options.retries,
      wait: this.options.retryWaitMs,
      refreshOnCompletion: false,
      onDocument: (action) => {
        const meta = { _index: index, _id: action.id, version: action.version, version_type: 'external_gte' as const };
        // The helper sends the returned document as the source of an index action; deletes have none.
        return action.kind === 'delete' ? { delete: meta } : [{ index: meta }, action.document];
      },
      onDrop: (dropped) => {
        // `dropped.document` is the serialised source (absent for deletes): find our action by the id in the operation.
        const operation = dropped.operation as unknown as Record<string, { _id?: string } | undefined>;
        const id = Object.values(operation)[0]?._id;
        const action = id === undefined ? undefined : byId.get(id);
        if (!action) throw new Error(`bulk helper dropped an item with no known id (status ${dropped.status})`);
        const benign = dropped.status === 409 || (action.kind === 'delete' && dropped.status === 404);
        if (benign) {
          unchangedIds.add(action.id);
          return;
        }
        failedIds.add(action.id);
        const error = dropped.error as { type?: string; reason?: string } | null;
        outcome.rejected.push({
          id: action.id,
          status: dropped.status,
          reason: error ? `${error.type ?? 'error'}: ${error.reason ?? ''}`.trim() : `HTTP ${dropped.status}`,
          action,
        });
      },
    });
    outcome.unchanged = unchangedIds.size;
    for (const action of actions) {
      if (failedIds.has(action.id)) continue;
      outcome.succeededIds.push(action.id);
      if (unchangedIds.has(action.id)) continue;
      outcome.changedIds.push(action.id);
      if (action.kind === 'delete') outcome.deleted += 1;
      else outcome.indexed += 1;
    }
    return outcome;
  }
}
