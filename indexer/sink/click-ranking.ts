/**
 * Builds a tenant's click-aware ranking on the indexer's schedule: the
 * latest searches that carried a queryID (InstantSearch's clickAnalytics)
 * and the clicks and conversions that refer to them, from the last 30 days
 * of search analytics, learned (transform/click-ranking.ts) and written
 * whole as one document that search reads into memory.
 *
 * Bounded: at most MAX_SEARCHES searches and MAX_CHOICES events are read,
 * newest first; a busier tenant's older traffic (already decayed) is left out.
 */
import type { Client, estypes } from '@elastic/elasticsearch';
import { analyticsPattern, type EventRecord, type SearchRecord } from '../../common/contract/analytics.js';
import { CLICK_RANKING_ID, CLICK_RANKING_MAPPINGS, clickRankingIndex, type ClickRankingDocument } from '../../common/contract/click-ranking.js';
import type { Language } from '../../common/text/languages.js';
import { scanIndex } from './scan.js';
import { DEFAULT_CLICK_MODEL, learnClickRanking, type ClickModel, type ShopperChoice, type ShownSearch } from '../transform/click-ranking.js';

const WINDOW_DAYS = 30;
/** About 135 MB of the indexer's heap while learning (270 MB measured at 100,000 searches of 20 hits each). */
const MAX_SEARCHES = 50_000;
const MAX_CHOICES = 100_000;
const PAGE = 5_000;

/** Newest first (then by the tiebreak fields, for a total order), at most `max`; no analytics yet: none. */
async function* newest<T>(es: Client, index: string, filter: estypes.QueryDslQueryContainer[], fields: string[], tiebreak: string[], max: number): AsyncGenerator<T> {
  const sort = [{ at: 'desc' as const }, ...tiebreak.map((field) => ({ [field]: 'asc' as const }))];
  for await (const hit of scanIndex<T>(es, index, { _source: fields }, PAGE, { query: { bool: { filter } }, sort, max, missingIsEmpty: true })) {
    if (hit._source) yield hit._source;
  }
}

export async function buildClickRanking(es: Client, prefix: string, tenant: string, language: Language, model: Partial<ClickModel> = {}, now = Date.now()): Promise<{ queries: number; searches: number; events: number }> {
  const since = { range: { at: { gte: new Date(now - WINDOW_DAYS * 86_400_000).toISOString() } } };
  const withQueryId = { exists: { field: 'query_id' } };
  const searches: ShownSearch[] = [];
  const searchRecords = newest<SearchRecord>(
    es,
    analyticsPattern(prefix, tenant, 'searches'),
    [since, withQueryId],
    ['query', 'query_id', 'user', 'at', 'page', 'hits_per_page', 'hit_ids'],
    ['query_id'],
    MAX_SEARCHES,
  );
  for await (const s of searchRecords) {
    if (!s.query_id) continue;
    searches.push({ queryId: s.query_id, query: s.query, user: s.user, at: Date.parse(s.at), offset: s.page * s.hits_per_page, hitIds: s.hit_ids ?? [] });
  }
  const choices: ShopperChoice[] = [];
  const eventRecords = newest<EventRecord>(
    es,
    analyticsPattern(prefix, tenant, 'events'),
    [since, withQueryId, { terms: { type: ['click', 'conversion'] } }],
    ['query_id', 'type', 'object_ids'],
    ['query_id', 'user', 'type'],
    MAX_CHOICES,
  );
  for await (const e of eventRecords) {
    if (e.query_id) choices.push({ queryId: e.query_id, type: e.type === 'conversion' ? 'conversion' : 'click', objectIds: e.object_ids ?? [] });
  }

  const learned = learnClickRanking(searches, choices, language, now, { ...DEFAULT_CLICK_MODEL, ...model });
  const document: ClickRankingDocument = {
    built_at: new Date(now).toISOString(),
    searches: searches.length,
    events: choices.length,
    queries: Object.fromEntries(learned.queries),
  };
  const index = clickRankingIndex(prefix, tenant);
  if (!(await es.indices.exists({ index }))) {
    await es.indices.create({ index, settings: { number_of_shards: 1, auto_expand_replicas: '0-1' }, mappings: CLICK_RANKING_MAPPINGS as never }, { ignore: [400] });
  }
  await es.index({ index, id: CLICK_RANKING_ID, document, refresh: true });
  return { queries: learned.queries.size, searches: searches.length, events: choices.length };
}

/** The tenant's latest build, or undefined before the first (status and eval read it). */
export async function readClickRanking(es: Client, prefix: string, tenant: string): Promise<ClickRankingDocument | undefined> {
  const stored = await es.get<ClickRankingDocument>({ index: clickRankingIndex(prefix, tenant), id: CLICK_RANKING_ID }, { ignore: [404] });
  return stored.found ? stored._source : undefined;
}
