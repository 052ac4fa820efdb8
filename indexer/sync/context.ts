/** Everything one tenant's run works with, built once per run by tenant-run.ts. */
import type { Client } from '@elastic/elasticsearch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { BulkWriter } from '../sink/bulk-writer.js';
import type { FailedItemsStore } from '../sink/failed-items.js';
import type { IndexLifecycle } from '../sink/index-lifecycle.js';
import type { IndexNames } from '../../common/contract/index-names.js';
import type { StateStore } from '../sink/state-store.js';
import type { TenantLease } from '../sink/tenant-lease.js';
import type { CommerceClient } from '../source/commerce-client.js';
import type { RateBudget } from '../source/rate-budget.js';
import type { RunStats, SyncState } from './sync-state.js';
import type { Language } from '../../common/text/languages.js';
import type { LexiconUpdates } from './lexicon-updates.js';

export interface ProgressEvent {
  phase: 'incremental' | 'reindex' | 'reconcile';
  /** Products read in this phase so far. */
  read: number;
  /** Products the phase expects to read in total (from the API's counts), when known. */
  expected?: number;
}

export interface TenantContext {
  tenant: string;
  runId: string;
  es: Client;
  names: IndexNames;
  lifecycle: IndexLifecycle;
  state: StateStore;
  failedItems: FailedItemsStore;
  writer: BulkWriter;
  commerce: CommerceClient;
  budget: RateBudget;
  logger: Logger;
  pageSize: number;
  overlapMs: number;
  indexPrefix: string;
  /** ANALYTICS_RETENTION_DAYS: search analytics older than this are deleted (sink/analytics-housekeeping.ts). */
  analyticsRetentionDays: number;
  /** Thresholds of learned query suggestions (sink/query-suggestions.ts). */
  querySuggestions: { minSearches: number; minHits: number };
  clickRanking: { halfLifeDays: number; minShoppers: number };
  /** The tenant's language (TENANT_LANGUAGES): how its text is normalised, here and at query time. */
  language: Language;
  /** Epoch ms by which the run must have stopped (Lambda time left); undefined for the CLI. */
  deadline: number | undefined;
  /** Pending (not quarantined) entries of the failed-items store: while any is left, the run reports `failed`. */
  failedIds: Set<string>;
  /** Quarantined entries: reported, retried by reconciliation only, never failing a run. */
  quarantinedIds: Set<string>;
  stats: RunStats;
  onProgress?: (event: ProgressEvent) => void;
  /** The tenant's lock and sync state: every state write goes through it (fenced; see sink/tenant-lease.ts). */
  lease: TenantLease<SyncState>;
  /** Records each write to the live index in the lexicon's delta: search knows a new product's words within the minute. */
  lexiconUpdates: LexiconUpdates;
  /** Aborted when the process is asked to stop (Ctrl-C): the run stops between pages like at its deadline. */
  signal?: AbortSignal | undefined;
}

/** Entries cleared from the failed-items store: neither pending nor quarantined for the rest of the run. */
export function forgetFailures(ctx: Pick<TenantContext, 'failedIds' | 'quarantinedIds'>, ids: Iterable<string>): void {
  for (const id of ids) {
    ctx.failedIds.delete(id);
    ctx.quarantinedIds.delete(id);
  }
}

/** The run stops between pages once its deadline is near; the next run continues from the checkpoint. */
export class DeadlineReachedError extends Error {
  override name = 'DeadlineReachedError';
  constructor(reason = 'run deadline reached') {
    super(`${reason}: stopped between pages, progress is checkpointed`);
  }
}

/** Between pages: stop at the deadline or when asked to, and never go on once the lock is known lost. */
export function checkDeadline(ctx: Pick<TenantContext, 'deadline' | 'signal' | 'lease'>, now = Date.now()): void {
  ctx.lease.check();
  if (ctx.signal?.aborted) throw new DeadlineReachedError('asked to stop');
  if (ctx.deadline !== undefined && now >= ctx.deadline) throw new DeadlineReachedError();
}
