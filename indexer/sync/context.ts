/** Everything one tenant's run works with, built once per run by tenant-run.ts. */
import type { Client } from '@elastic/elasticsearch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { BulkWriter } from '../sink/bulk-writer.js';
import type { FailedItemsStore } from '../sink/failed-items.js';
import type { IndexLifecycle } from '../sink/index-lifecycle.js';
import type { IndexNames } from '../sink/index-names.js';
import type { StateStore } from '../sink/state-store.js';
import type { CommerceClient } from '../source/commerce-client.js';
import type { RateBudget } from '../source/rate-budget.js';
import type { RunStats } from './sync-state.js';

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
  /** Epoch ms by which the run must have stopped (Lambda time left); undefined for the CLI. */
  deadline: number | undefined;
  /** Product ids in the failed-items store at the start of the run (cleared as they succeed). */
  failedIds: Set<string>;
  stats: RunStats;
  onProgress?: (event: ProgressEvent) => void;
  /** Renews the run lock; called after each page. */
  keepLock: () => Promise<void>;
}

/** The run stops between pages once its deadline is near; the next run continues from the checkpoint. */
export class DeadlineReachedError extends Error {
  override name = 'DeadlineReachedError';
  constructor() {
    super('run deadline reached: stopped between pages, progress is checkpointed');
  }
}

export function checkDeadline(ctx: Pick<TenantContext, 'deadline'>, now = Date.now()): void {
  if (ctx.deadline !== undefined && now >= ctx.deadline) throw new DeadlineReachedError();
}
