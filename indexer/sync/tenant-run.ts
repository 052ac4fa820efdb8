/**
 * One run for one tenant, the unit both the scheduled Lambda and the CLI
 * execute. Under the tenant's lock it: retries stored failures, syncs the
 * live index incrementally, continues (or starts) a full reindex, and
 * optionally reconciles hard deletes; then records the run's summary.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CommerceSecrets, IndexerConfig } from '../config.js';
import { BulkWriter } from '../sink/bulk-writer.js';
import { FailedItemsStore } from '../sink/failed-items.js';
import { IndexLifecycle } from '../sink/index-lifecycle.js';
import { indexNames } from '../../common/contract/index-names.js';
import { LeaseExpiringError, LeaseLostError, TenantLease } from '../sink/tenant-lease.js';
import { StateStore } from '../sink/state-store.js';
import { CommerceApiError, CommerceClient } from '../source/commerce-client.js';
import { BudgetExhaustedError, RateBudget } from '../source/rate-budget.js';
import { retryFailedItems } from './failed-retry.js';
import { DeadlineReachedError, type ProgressEvent, type TenantContext } from './context.js';
import { continueReindex, startReindex } from './full-reindex.js';
import { incrementalSync } from './incremental.js';
import { continueSweep, newSweep } from './sweep.js';
import type { SweepCheckpoint } from './sync-state.js';
import { lexiconExists, refreshLexicon } from './lexicon.js';
import { deleteExpiredAnalytics, ensureAnalyticsTemplate } from '../sink/analytics-housekeeping.js';
import { buildQuerySuggestions } from '../sink/query-suggestions.js';
import { buildClickRanking } from '../sink/click-ranking.js';
import { NORMALISER_VERSION } from '../../common/text/languages.js';
import { LexiconUpdates } from './lexicon-updates.js';
import { ModeRequestStore, type ModeRequests } from '../sink/mode-requests.js';
import { sleep } from '../sleep.js';
import { EMPTY_SYNC_STATE, emptyStats, type RunStatus, type RunSummary, type SyncState } from './sync-state.js';

/**
 * scheduled: incremental sync, plus continuing any full reindex in progress
 * (or bootstrapping the first one). full: also start a new full reindex.
 * reconcile: also sweep for hard deletes. A full or reconcile run that finds
 * the tenant busy leaves its request behind (sink/mode-requests.ts): the run
 * that holds the tenant next, whatever its own mode, carries it out.
 */
export type RunMode = 'scheduled' | 'full' | 'reconcile';

/** What one run does beyond the incremental sync: its own mode's work plus every request still pending. */
interface RunWork {
  full: boolean;
  reconcile: boolean;
  /** When the pending requests were made (cleared once carried out). */
  requested: ModeRequests;
}

export interface TenantRunDeps {
  config: IndexerConfig;
  es: Client;
  secrets: CommerceSecrets;
  logger: Logger;
}

export interface TenantRunOptions {
  mode: RunMode;
  /** Epoch ms by which the run must stop (Lambda: time left minus a margin). */
  deadline?: number | undefined;
  onProgress?: (event: ProgressEvent) => void;
  runId?: string;
  /** When another run holds the tenant: wait for it (CLI, npm start) instead of reporting `skipped`. */
  waitForLock?: boolean;
  /** Stops the run between pages (and any wait), as its deadline would: Ctrl-C. */
  signal?: AbortSignal;
  /**
   * Whether a sweep waits for its share of the rate window (default: only in a run without a deadline).
   * false: it stops, checkpointed, and the following runs continue it (npm start does not wait for it).
   */
  sweepsWait?: boolean;
}

export interface TenantRunReport extends RunSummary {
  tenant: string;
  /** The alias now points here, when the run swapped it. */
  swappedTo?: string;
}

/**
 * Which Elasticsearch call failed (method and path, never the body), for a
 * client error that says only "Request timed out": an operator needs to know
 * whether it was a write, a refresh or a merge.
 */
function elasticsearchRequest(error: Error): string {
  const request = (error as { meta?: { meta?: { request?: { params?: { method?: unknown; path?: unknown } } } } }).meta?.meta?.request?.params;
  if (typeof request?.method !== 'string' || typeof request.path !== 'string') return '';
  return ` (Elasticsearch ${request.method} ${request.path.split('?')[0]})`;
}

/** Error text safe for logs, state and reports: our own messages only, never upstream bodies or secrets. */
function describe(error: unknown): string {
  if (
    error instanceof CommerceApiError ||
    error instanceof BudgetExhaustedError ||
    error instanceof DeadlineReachedError ||
    error instanceof LeaseLostError ||
    error instanceof LeaseExpiringError
  ) {
    return error.message;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}${elasticsearchRequest(error)}`.slice(0, 500);
  return 'unknown error';
}

function buildContext(
  deps: TenantRunDeps,
  tenant: string,
  options: TenantRunOptions,
  runId: string,
): Omit<TenantContext, 'lease' | 'lexiconUpdates'> {
  const { config, es } = deps;
  const tenantSecret = deps.secrets.tenantSecrets[tenant];
  if (!tenantSecret) throw new Error(`no tenant secret configured for tenant "${tenant}"`);
  const names = indexNames(config.indexPrefix, tenant);
  const state = new StateStore(es, names.stateIndex);
  const budget = new RateBudget(state, tenant, {
    limit: config.commerce.rateLimit.requests,
    windowMs: config.commerce.rateLimit.windowMs,
    sweepShare: config.commerce.rateLimit.sweepShare,
    ...(options.sweepsWait !== undefined ? { sweepsWait: options.sweepsWait } : {}),
    deadline: options.deadline,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    tenant,
    runId,
    es,
    names,
    lifecycle: new IndexLifecycle(es, names, config.productIndex),
    state,
    failedItems: new FailedItemsStore(es, names.failedItemsIndex, config.failedItemMaxAttempts),
    writer: new BulkWriter(es, config.bulk),
    commerce: new CommerceClient({
      endpoint: config.commerce.endpoint,
      graphqlSecret: deps.secrets.graphqlSecret,
      tenantId: tenant,
      tenantSecret,
      timeoutMs: config.commerce.requestTimeoutMs,
      maxRetries: config.commerce.maxRetries,
      budget,
    }),
    logger: deps.logger.createChild({ persistentKeys: { tenant, runId } }),
    pageSize: config.commerce.pageSize,
    overlapMs: config.overlapMs,
    indexPrefix: config.indexPrefix,
    analyticsRetentionDays: config.analyticsRetentionDays,
    querySuggestions: config.querySuggestions,
    clickRanking: config.clickRanking,
    language: config.languages.get(tenant) ?? 'en',
    deadline: options.deadline,
    failedIds: new Set(),
    quarantinedIds: new Set(),
    stats: emptyStats(),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    budget,
    signal: options.signal,
  };
}

async function keepAnalytics(ctx: TenantContext): Promise<void> {
  await ensureAnalyticsTemplate(ctx.es, ctx.indexPrefix);
  const deleted = await deleteExpiredAnalytics(ctx.es, ctx.indexPrefix, ctx.tenant, ctx.analyticsRetentionDays);
  if (deleted.length > 0) ctx.logger.info('search analytics past their retention deleted', { indices: deleted, retentionDays: ctx.analyticsRetentionDays });
  // Suggestions need the live index (their categories come from it).
  if (await ctx.lifecycle.liveIndex()) {
    const suggestions = await buildQuerySuggestions(ctx.es, ctx.indexPrefix, ctx.tenant, ctx.language, ctx.querySuggestions);
    ctx.logger.info('query suggestions learned from searches', { suggestions });
  }
  const clickRanking = await buildClickRanking(ctx.es, ctx.indexPrefix, ctx.tenant, ctx.language, ctx.clickRanking);
  ctx.logger.info('click-aware ranking learned from searches and clicks', clickRanking);
}

async function execute(ctx: TenantContext, work: RunWork, requests: ModeRequestStore): Promise<string | undefined> {
  const live = await ctx.lifecycle.liveIndex();
  let reindex = ctx.lease.state.reindex ?? null;
  const targets = [...(live ? [ctx.names.productsAlias] : []), ...(reindex ? [reindex.targetIndex] : [])];
  // Indices an earlier deploy created get the fields this one writes.
  for (const index of [...(live ? [live] : []), ...(reindex && (await ctx.lifecycle.indexExists(reindex.targetIndex)) ? [reindex.targetIndex] : [])]) await ctx.lifecycle.ensureFields(index);
  // Earlier failures first, from the source's current copy: they may succeed now, or be gone at the source.
  await retryFailedItems(ctx, targets, work.reconcile);

  // Search analytics: the template before the tenant's first searches, and retention with each scheduled sweep.
  if (!live || work.reconcile || work.full) await keepAnalytics(ctx);
  if (live) await incrementalSync(ctx);
  // A live index written by another normaliser holds keys today's queries do not make: build it again.
  const stale = !reindex && live !== undefined && (await ctx.lifecycle.normaliserVersion(live)) !== NORMALISER_VERSION;
  if (stale) ctx.logger.info('the live index was written by another normaliser version: a full reindex starts', { index: live, normaliser: NORMALISER_VERSION });
  if (!reindex && (work.full || !live || stale)) reindex = await startReindex(ctx);
  // A full reindex is under way (checkpointed): the following runs finish it, so the request is met.
  if (work.full) await requests.done('full', work.requested.full);
  let swappedTo: string | undefined;
  if (reindex) swappedTo = (await continueReindex(ctx, reindex))?.index;
  const reconciled = live || swappedTo ? await reconcileLive(ctx, work.reconcile && !swappedTo) : false;
  // A sweep is under way (checkpointed) or was not needed (a verified new index): either meets a reconcile request.
  if (work.reconcile) await requests.done('reconcile', work.requested.reconcile);
  // The catalog vocabulary search ranks with: each write to the live index updates it (sync/lexicon-updates.ts);
  // it is built again with every new index, after each reconciliation, when those updates outgrow their bound,
  // and whenever missing.
  const searchable = swappedTo ?? live;
  if (searchable && (swappedTo || reconciled || ctx.lexiconUpdates.oversized || !(await lexiconExists(ctx)))) {
    await refreshLexicon(ctx, ctx.names.productsAlias);
    ctx.lexiconUpdates.rebuilt();
  }
  return swappedTo;
}

/**
 * The live index's reconciliation (sync/sweep.ts): started when asked (`start`, hourly), continued by every
 * run until it finishes, within the sweeps' share of the rate window. true when it finished in this run.
 */
async function reconcileLive(ctx: TenantContext, start: boolean): Promise<boolean> {
  const alias = ctx.names.productsAlias;
  let sweep = ctx.lease.state.sweep ?? null;
  if (sweep && sweep.index !== alias) sweep = null;
  if (!sweep && !start) return false;
  const save = async (checkpoint: SweepCheckpoint) => {
    await ctx.lease.update((state) => ({ ...state, sweep: checkpoint }));
  };
  // A new sweep is recorded before it starts; one under way is already in the state.
  if (!sweep) {
    sweep = newSweep(alias, 'reconcile');
    await save(sweep);
  }
  const outcome = await continueSweep(ctx, sweep, save);
  if (!outcome.finished) {
    ctx.logger.info('reconciliation continues next run', { reason: outcome.reason, checked: outcome.checkpoint.checked, phase: outcome.checkpoint.phase });
    return false;
  }
  const { removed, repaired, updated, checked, requests, startedAt } = outcome.checkpoint;
  await ctx.lease.update((state) => ({ ...state, sweep: null, lastReconciledAt: new Date().toISOString() }));
  ctx.logger.info('reconciliation finished', { checked, removed, repaired, updated, requests, startedAt });
  return true;
}

/** Takes the tenant's lock; with `waitForLock`, waits (polling) for the run that holds it. */
async function takeLease(
  ctx: Omit<TenantContext, 'lease' | 'lexiconUpdates'>,
  config: IndexerConfig,
  options: TenantRunOptions,
): Promise<TenantLease<SyncState> | undefined> {
  for (let announced = false; ; ) {
    const lease = await TenantLease.acquire<SyncState>(ctx.state, ctx.tenant, ctx.runId, EMPTY_SYNC_STATE, {
      ttlMs: config.lockTtlMs,
      expiryMarginMs: config.elasticsearch.requestTimeoutMs,
    });
    if (lease || !options.waitForLock || options.signal?.aborted) return lease;
    const holder = await TenantLease.holder(ctx.state, ctx.tenant);
    if (!announced) {
      ctx.logger.info('another run holds this tenant: waiting for it', { holder: holder?.owner });
      announced = true;
    }
    await sleep(Math.min(2_000, Math.max(100, (holder?.expiresAt ?? Date.now()) - Date.now())), options.signal);
  }
}

/** "handed over at 97,000 of 200,000": how far this run's reindex got before another run took it over. */
function handOverMessage(ctx: TenantContext, error: LeaseLostError): string {
  const reindex = ctx.lease.state.reindex;
  const where = reindex ? ` at ${reindex.documents.toLocaleString('en-US')} of ${(reindex.expected ?? reindex.documents).toLocaleString('en-US')} products of the full reindex` : '';
  return `handed over${where} to run ${error.newOwner ?? '(unknown)'}, which carries on`;
}

export async function runTenant(deps: TenantRunDeps, tenant: string, options: TenantRunOptions): Promise<TenantRunReport> {
  const runId = options.runId ?? randomUUID();
  const startedAt = new Date();
  const base = buildContext(deps, tenant, options, runId);
  const report = (status: RunStatus, error?: string, swappedTo?: string): TenantRunReport => {
    base.stats.requests = base.commerce.requests;
    base.stats.rateLimited = base.commerce.rateLimited;
    base.stats.retries = base.commerce.retries;
    base.stats.budgetWaitMs = base.budget.waitedMs;
    base.stats.sweepRequests = base.budget.sweepReserved;
    base.stats.pendingFailures = base.failedIds.size;
    base.stats.quarantinedFailures = base.quarantinedIds.size;
    const finishedAt = new Date();
    return {
      tenant,
      runId,
      mode: options.mode,
      status,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      ...(error ? { error } : {}),
      ...(swappedTo ? { swappedTo } : {}),
      stats: { ...base.stats },
    };
  };

  const requests = new ModeRequestStore(base.state, tenant);
  let lease: TenantLease<SyncState> | undefined;
  try {
    // Recorded before trying the lock: if another run holds it, that run or the next one does this work.
    if (options.mode !== 'scheduled') await requests.request(options.mode);
    lease = await takeLease(base, deps.config, options);
  } catch (error) {
    base.logger.error('could not take the run lock', { error: describe(error) });
    return report('failed', `could not take the run lock: ${describe(error)}`);
  }
  if (!lease) {
    if (options.mode !== 'scheduled') {
      base.logger.info('another run holds this tenant: request queued', { queued: options.mode });
      return report('queued', `another run for this tenant is in progress; the ${options.mode} run is queued and the next run that holds the tenant carries it out`);
    }
    base.logger.info('another run holds this tenant: skipped');
    return report('skipped', 'another run for this tenant is in progress');
  }
  const withLease = { ...base, lease };
  const ctx: TenantContext = { ...withLease, lexiconUpdates: new LexiconUpdates(withLease) };
  lease.startHeartbeat((error) => ctx.logger.warn('lost the run lock', { error: describe(error) }));
  let result: TenantRunReport;
  try {
    const requested = await requests.pending();
    const work: RunWork = { full: options.mode === 'full' || Boolean(requested.full), reconcile: options.mode === 'reconcile' || Boolean(requested.reconcile), requested };
    if ((work.full && options.mode !== 'full') || (work.reconcile && options.mode !== 'reconcile')) {
      ctx.logger.info('carrying out queued requests', { requested });
    }
    const swappedTo = await execute(ctx, work, requests);
    result =
      ctx.failedIds.size > 0
        ? report('failed', `${ctx.failedIds.size} products could not be indexed; kept in ${ctx.names.failedItemsIndex} and retried next run`, swappedTo)
        : report('succeeded', undefined, swappedTo);
  } catch (error) {
    if (error instanceof LeaseLostError) {
      result = report('handed-over', handOverMessage(ctx, error));
    } else if (error instanceof BudgetExhaustedError || error instanceof DeadlineReachedError || error instanceof LeaseExpiringError) {
      result = report('paused', describe(error));
    } else {
      ctx.logger.error('run failed', { error: describe(error), kind: error instanceof CommerceApiError ? error.kind : undefined });
      result = report('failed', describe(error));
    }
  }
  // Recording the run and releasing the lock is one fenced write. If Elasticsearch is down, the report
  // still goes out (logs, metrics) and the lock expires on its own after its TTL; a run that lost the
  // lock leaves the state to the run that holds it.
  const { tenant: _tenant, swappedTo: _swapped, ...summary } = result;
  try {
    await lease.release((state) => ({
      ...state,
      lastRun: summary,
      lastSuccessAt: result.status === 'succeeded' ? result.finishedAt : state.lastSuccessAt,
    }));
  } catch (error) {
    lease.abandon();
    if (!(error instanceof LeaseLostError)) ctx.logger.error('could not record the run or release the lock; it expires by itself', { error: describe(error) });
  }
  ctx.logger.info('run finished', { status: result.status, durationMs: result.durationMs, stats: result.stats, error: result.error });
  return result;
}
