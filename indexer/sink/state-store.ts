/**
 * Indexer state kept in Elasticsearch itself (one small index shared by all
 * tenants), so every Lambda invocation sees what the previous one left:
 * the sync state (watermark, reindex checkpoint and the run lock, written
 * through tenant-lease.ts), the shared rate-limit budget, and the modes
 * schedules asked for (mode-requests.ts). Writes use
 * optimistic concurrency (seq_no and primary_term), so two processes can
 * never both believe they won.
 */
import { errors, type Client } from '@elastic/elasticsearch';
import { ensureIndexOnce } from './ensure-index.js';

export interface Versioned<T> {
  value: T;
  seqNo: number;
  primaryTerm: number;
}

type DocKind = 'sync' | 'budget' | 'requests';

function isStatus(error: unknown, status: number): boolean {
  return error instanceof errors.ResponseError && error.meta.statusCode === status;
}

export class StateStore {
  /** Creates the state index on first use; concurrent creators are fine. */
  readonly ensureIndex: () => Promise<void>;

  constructor(
    private readonly es: Client,
    private readonly index: string,
  ) {
    this.ensureIndex = ensureIndexOnce(es, index, 'indexer-state');
  }

  private docId(kind: DocKind, tenant: string): string {
    return `${kind}:${tenant}`;
  }

  async get<T>(kind: DocKind, tenant: string): Promise<Versioned<T> | undefined> {
    await this.ensureIndex();
    try {
      const doc = await this.es.get<{ state: T }>({ index: this.index, id: this.docId(kind, tenant), realtime: true });
      if (!doc.found || !doc._source || doc._seq_no === undefined || doc._primary_term === undefined) return undefined;
      return { value: doc._source.state, seqNo: doc._seq_no, primaryTerm: doc._primary_term };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /**
   * Writes `value` only if the stored document is still `expected` (or, with
   * `expected` undefined, only if there is none). Returns the stored version,
   * or undefined when another writer got there first.
   */
  async write<T>(kind: DocKind, tenant: string, value: T, expected: Versioned<T> | undefined): Promise<Versioned<T> | undefined> {
    await this.ensureIndex();
    try {
      const response = await this.es.index({
        index: this.index,
        id: this.docId(kind, tenant),
        document: { kind, tenant, updated_at: new Date().toISOString(), state: value },
        ...(expected ? { if_seq_no: expected.seqNo, if_primary_term: expected.primaryTerm } : { op_type: 'create' as const }),
        refresh: false,
      });
      if (response._seq_no === undefined || response._primary_term === undefined) return this.get<T>(kind, tenant);
      return { value, seqNo: response._seq_no, primaryTerm: response._primary_term };
    } catch (error) {
      if (isStatus(error, 409)) return undefined;
      throw error;
    }
  }
}
