/**
 * What an operator asks of the indexer, per tenant: the alias and the index
 * behind it, documents, last run and last success, the watermark, a full
 * reindex in progress, sweeps under way with their expected finish, the
 * run holding the lock, the rate budget left. Read
 * from Elasticsearch only; served by the local stack's /status, the
 * scheduled Lambda's `status` mode and `npm run status`.
 */
import type { Client } from '@elastic/elasticsearch';
import { readClickRanking } from './sink/click-ranking.js';
import type { IndexerConfig } from './config.js';
import { indexNames, LEXICON_DELTA_DOCUMENT_ID, LEXICON_DOCUMENT_ID, SETTINGS_CURRENT_ID } from '../common/contract/index-names.js';
import { validateSettings, type StoredSettings } from '../common/contract/merchandising.js';
import { StateStore } from './sink/state-store.js';
import { ModeRequestStore } from './sink/mode-requests.js';
import { FailedItemsStore, isQuarantined } from './sink/failed-items.js';
import { sweepSlots, type BudgetState } from './source/rate-budget.js';
import { expectedFinish } from './sync/sweep.js';
import type { SyncState } from './sync/sync-state.js';

export interface TenantStatus {
  tenant: string;
  alias: string;
  index: string | null;
  documents: number | null;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  watermark: string | null;
  lastRun: SyncState['lastRun'];
  reindexInProgress: { targetIndex: string; startedAt: string; documents: number; expected: number | null } | null;
  /**
   * The reconciliation sweep of the live index (reconcile) or the check before a full reindex's swap
   * (verify), while one is under way: how far it got and, at the pace its share of the rate window
   * allows, when it should finish.
   */
  sweeps: Array<{ purpose: 'reconcile' | 'verify'; index: string; startedAt: string; phase: 'index' | 'source'; checked: number; expectedTotal: number; requests: number; removed: number; repaired: number; updated: number; expectedFinishAt: string }>;
  lastReconciledAt: string | null;
  /**
   * The catalog vocabulary search reads: words in the stored lexicon (and the rare ones left out past
   * MAX_LEXICON_WORDS) and when it was built, and the words
   * the incremental syncs changed since (their delta, laid over it by search; rebuilt past 20,000).
   */
  lexicon: { words: number | null; droppedWords: number; builtAt: string; deltaWords: number; deltaUpdatedAt: string | null } | null;
  /**
   * The merchant's settings (admin API): the version stored and whether it validates. One that does not is
   * never applied: search keeps the last good version it read (src/merchandising/settings-cache.ts).
   */
  settings: { version: number; updatedAt: string; updatedBy: string; problem: string | null } | null;
  /** Click-aware ranking (indexer/sink/click-ranking.ts): its latest build, what it read, and the queries it lifts for. */
  clickRanking: { builtAt: string; searches: number; events: number; queries: number } | null;
  /** The run holding the tenant's lock, if one does. */
  runningNow: { runId: string; since: string } | null;
  rateBudget: { limit: number; windowSeconds: number; remaining: number };
  /** The failed-items store: pending entries (retried every run, failing it) and quarantined ones (retried hourly). */
  failedItems: { pending: number; quarantined: number; quarantinedIds: string[] };
  /** Full or reconcile runs a schedule asked for while the tenant was busy (when last asked), carried out by the next run. */
  queued: { full: string | null; reconcile: string | null };
  sourceProducts?: number;
}

async function lexiconStatus(es: Client, index: string): Promise<TenantStatus['lexicon']> {
  const response = await es.mget<{ built_at?: string; word_count?: number; dropped_words?: number; base?: string; updated_at?: string }>(
    { index, docs: [{ _id: LEXICON_DOCUMENT_ID, _source: ['built_at', 'word_count', 'dropped_words'] }, { _id: LEXICON_DELTA_DOCUMENT_ID, _source: ['base', 'word_count', 'updated_at'] }] },
    { ignore: [404] },
  );
  const [stored, delta] = (response.docs ?? []).map((doc) => ('found' in doc && doc.found ? doc._source : undefined));
  if (!stored?.built_at) return null;
  const current = delta?.base === stored.built_at;
  return { words: stored.word_count ?? null, droppedWords: stored.dropped_words ?? 0, builtAt: stored.built_at, deltaWords: current ? (delta?.word_count ?? 0) : 0, deltaUpdatedAt: current ? (delta?.updated_at ?? null) : null };
}

async function clickRankingStatus(es: Client, prefix: string, tenant: string): Promise<TenantStatus['clickRanking']> {
  const stored = await readClickRanking(es, prefix, tenant);
  if (!stored) return null;
  return { builtAt: stored.built_at, searches: stored.searches, events: stored.events, queries: Object.keys(stored.queries ?? {}).length };
}

async function settingsStatus(es: Client, index: string): Promise<TenantStatus['settings']> {
  const doc = await es.get<Partial<StoredSettings>>({ index, id: SETTINGS_CURRENT_ID }, { ignore: [404] });
  const stored = doc.found ? doc._source : undefined;
  if (!stored) return null;
  let problem: string | null = null;
  try {
    validateSettings(stored.settings);
  } catch (error) {
    problem = `version ${stored.version ?? '?'} is not valid and is not applied: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { version: stored.version ?? 0, updatedAt: stored.updated_at ?? '', updatedBy: stored.updated_by ?? '', problem };
}

export async function tenantStatus(es: Client, config: IndexerConfig, tenant: string): Promise<TenantStatus> {
  const names = indexNames(config.indexPrefix, tenant);
  const store = new StateStore(es, names.stateIndex);
  const [sync, budget, requests, failed] = await Promise.all([
    store.get<SyncState>('sync', tenant),
    store.get<BudgetState>('budget', tenant),
    new ModeRequestStore(store, tenant).pending(),
    new FailedItemsStore(es, names.failedItemsIndex).list(),
  ]);
  const quarantined = failed.filter(isQuarantined);
  let index: string | null = null;
  let documents: number | null = null;
  if (await es.indices.existsAlias({ name: names.productsAlias })) {
    index = Object.keys(await es.indices.getAlias({ name: names.productsAlias }))[0] ?? null;
    documents = (await es.count({ index: names.productsAlias })).count;
  }
  const windowMs = config.commerce.rateLimit.windowMs;
  const used = (budget?.value.reservations ?? []).filter((at) => at > Date.now() - windowMs).length;
  const state = sync?.value;
  const lexicon = await lexiconStatus(es, names.lexiconIndex);
  const settings = await settingsStatus(es, names.settingsIndex);
  const clickRanking = await clickRankingStatus(es, config.indexPrefix, tenant);
  const slots = sweepSlots(config.commerce.rateLimit.requests, config.commerce.rateLimit.sweepShare);
  const sweeps: TenantStatus['sweeps'] = [];
  for (const sweep of [state?.sweep, state?.reindex?.verification]) {
    if (!sweep) continue;
    const indexCount = sweep.indexTotal ?? (await es.count({ index: sweep.index }).catch(() => ({ count: 0 }))).count;
    sweeps.push({
      purpose: sweep.purpose,
      index: sweep.index,
      startedAt: sweep.startedAt,
      phase: sweep.phase,
      checked: sweep.checked,
      expectedTotal: indexCount + (sweep.sourceTotal ?? indexCount),
      requests: sweep.requests,
      removed: sweep.removed,
      repaired: sweep.repaired,
      updated: sweep.updated,
      expectedFinishAt: expectedFinish(sweep, indexCount, config.commerce.pageSize, slots, windowMs),
    });
  }
  return {
    tenant,
    alias: names.productsAlias,
    index,
    documents,
    lastSyncAt: state?.lastRun?.finishedAt ?? null,
    lastSuccessAt: state?.lastSuccessAt ?? null,
    watermark: state?.watermark?.cursor.since ?? null,
    lastRun: state?.lastRun ?? null,
    reindexInProgress: state?.reindex
      ? { targetIndex: state.reindex.targetIndex, startedAt: state.reindex.startedAt, documents: state.reindex.documents, expected: state.reindex.expected ?? null }
      : null,
    sweeps,
    lastReconciledAt: state?.lastReconciledAt ?? null,
    lexicon,
    settings,
    clickRanking,
    runningNow: state?.lock && state.lock.expiresAt > Date.now() ? { runId: state.lock.owner, since: state.lock.acquiredAt } : null,
    rateBudget: { limit: config.commerce.rateLimit.requests, windowSeconds: windowMs / 1000, remaining: Math.max(0, config.commerce.rateLimit.requests - used) },
    queued: { full: requests.full ?? null, reconcile: requests.reconcile ?? null },
    failedItems: { pending: failed.length - quarantined.length, quarantined: quarantined.length, quarantinedIds: quarantined.slice(0, 50).map((item) => item.product_id) },
  };
}

