/** What the indexer remembers per tenant between runs (stored by StateStore as `sync:<tenant>`). */
import type { FeedCursor } from '../source/change-feed.js';
import type { LockState } from '../sink/tenant-lease.js';

/** A reconciliation sweep under way (sync/sweep.ts): where it continues, and what it found so far. */
export interface SweepCheckpoint {
  /** The index swept: the live alias (reconciliation) or a full reindex's new index (verification before its swap). */
  index: string;
  purpose: 'reconcile' | 'verify';
  startedAt: string;
  /** index: the index's ids are being checked at the source; source: the source's ids in the index. */
  phase: 'index' | 'source';
  /** Index phase: the last id checked (the next chunk starts after it). */
  afterId: string | null;
  /** Source phase: how far the source's id pages got. */
  offset: number;
  /** Products checked so far, both phases. */
  checked: number;
  /** Active products at the source, from its last id page. */
  sourceTotal: number | null;
  /** Documents the index phase went through. */
  indexTotal: number | null;
  /** API requests the sweep spent. */
  requests: number;
  removed: number;
  repaired: number;
  updated: number;
  /** Verification: which pass this is (a pass whose totals disagree, the catalog changing under it, is followed by one more). */
  passes: number;
}

export interface ReindexCheckpoint {
  targetIndex: string;
  startedAt: string;
  /** Where the crawl continues; advanced only after a page was indexed. */
  cursor: FeedCursor;
  pages: number;
  documents: number;
  /** Active products at the source as of the last page read (for progress: "97,000 of 200,000"). */
  expected?: number;
  /** The crawl read a product modified after it started: check ids before the swap. */
  sawChanges?: boolean;
  /** The check before the swap, when it sweeps (sync/sweep.ts): checkpointed like the crawl. */
  verification?: SweepCheckpoint | null;
}

/**
 * handed-over: another run took the tenant's lock over (this one was frozen or cut off) and carries on.
 * skipped: a scheduled sync found the tenant busy (the run holding it syncs). queued: a full or reconcile
 * run found it busy; its request is stored and the next run that holds the tenant carries it out.
 */
export type RunStatus = 'succeeded' | 'failed' | 'paused' | 'skipped' | 'queued' | 'handed-over';

export interface RunSummary {
  runId: string;
  mode: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  error?: string;
  stats: RunStats;
}

export interface SyncState {
  /**
   * The live index's change cursor; `caughtUp` means the last sync read to the
   * end of the feed, at `readAt` (ISO).
   */
  watermark: {
    cursor: FeedCursor;
    caughtUp: boolean;
    readAt?: string;
    /**
     * Where an unfinished pass continues (it stopped inside the overlap window it was re-reading, behind
     * `cursor`); null once a pass caught up.
     */
    resume?: FeedCursor | null;
  } | null;
  reindex: ReindexCheckpoint | null;
  /** The live index's reconciliation sweep, while one is under way (started hourly, continued by every run). */
  sweep?: SweepCheckpoint | null;
  /** When the last reconciliation sweep of the live index finished. */
  lastReconciledAt?: string | null;
  lastRun: RunSummary | null;
  lastSuccessAt: string | null;
  lastFullReindexAt: string | null;
  /** The run holding this tenant (see sink/tenant-lease.ts); every write of this document is fenced by it. */
  lock?: LockState | null;
}

export const EMPTY_SYNC_STATE: SyncState = {
  watermark: null,
  reindex: null,
  lastRun: null,
  lastSuccessAt: null,
  lastFullReindexAt: null,
};

export interface RunStats {
  pages: number;
  documentsIndexed: number;
  documentsDeleted: number;
  documentsUnchanged: number;
  invalidProducts: number;
  rejectedDocuments: number;
  /** Pending (not quarantined) entries left in the failed-items store at the end of the run. */
  pendingFailures: number;
  /** Quarantined entries in the store (reported, retried by reconciliation, never failing a run). */
  quarantinedFailures: number;
  requests: number;
  /** Of those, the reconciliation and verification sweeps' (within their share of the window). */
  sweepRequests: number;
  rateLimited: number;
  retries: number;
  budgetWaitMs: number;
  /** Largest delay between a product's DateModified and its write to the index, over new changes. */
  maxLagMs: number;
  reconciledRemoved: number;
  /** Products the index lacked (hard-deleted elsewhere, imported with an old DateModified, skipped). */
  reconciledRepaired: number;
  /** Products whose indexed copy was older than the source's. */
  reconciledUpdated: number;
  /** How the new index was checked before a full reindex's swap: by count, or by an (id, DateModified) sweep. */
  verifiedBy: 'count' | 'sweep' | null;
}

export function emptyStats(): RunStats {
  return {
    pages: 0,
    documentsIndexed: 0,
    documentsDeleted: 0,
    documentsUnchanged: 0,
    invalidProducts: 0,
    rejectedDocuments: 0,
    pendingFailures: 0,
    quarantinedFailures: 0,
    requests: 0,
    sweepRequests: 0,
    rateLimited: 0,
    retries: 0,
    budgetWaitMs: 0,
    maxLagMs: 0,
    reconciledRemoved: 0,
    reconciledRepaired: 0,
    reconciledUpdated: 0,
    verifiedBy: null,
  };
}
