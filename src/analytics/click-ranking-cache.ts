/**
 * Each tenant's click-aware ranking (common/contract/click-ranking.ts), read
 * once per container and checked every minute in the background
 * (stale-while-revalidate, search/tenant-refresh.ts). A check asks only for
 * the build time; the lifts are read again only when the indexer rebuilt
 * them. None built (or unreadable): no lifts, never an error.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { CLICK_RANKING_ID, clickRankingIndex, type ClickLift, type ClickRankingDocument } from '../../common/contract/click-ranking.js';
import type { ElasticsearchHttp } from '../transport/elasticsearch-http.js';
import { TenantRefresh, type TenantRead } from '../search/tenant-refresh.js';

/** A tenant's lifts by normalised query; built_at null: none read. */
export interface ClickRanking {
  builtAt: string | null;
  queries: ReadonlyMap<string, readonly ClickLift[]>;
}

export const NO_CLICK_RANKING: ClickRanking = { builtAt: null, queries: new Map() };

export interface ClickRankingSource {
  get(tenant: string, signal?: AbortSignal): Promise<ClickRanking>;
}

/** Pure: the stored document as search keeps it (a Map: a query is text from outside). */
export function toClickRanking(document: Pick<ClickRankingDocument, 'built_at' | 'queries'>): ClickRanking {
  const queries = new Map<string, readonly ClickLift[]>();
  for (const [key, lifts] of Object.entries(document.queries ?? {})) {
    if (Array.isArray(lifts)) queries.set(key, lifts.filter((lift) => Array.isArray(lift) && typeof lift[0] === 'string' && typeof lift[1] === 'number'));
  }
  return { builtAt: document.built_at, queries };
}

export class ClickRankingCache implements ClickRankingSource {
  private readonly refresh: TenantRefresh<ClickRanking>;

  constructor(
    private readonly es: ElasticsearchHttp,
    private readonly indexPrefix: string,
    private readonly logger: Logger,
    maxAgeMs = 60_000,
    retryAfterFailureMs = 10_000,
    now: () => number = Date.now,
  ) {
    this.refresh = new TenantRefresh({ what: "the tenant's click ranking", initial: () => NO_CLICK_RANKING, read: (tenant, previous) => this.read(tenant, previous), maxAgeMs, retryAfterFailureMs, now });
  }

  get(tenant: string, signal?: AbortSignal): Promise<ClickRanking> {
    return this.refresh.get(tenant, signal);
  }

  private async read(tenant: string, previous: ClickRanking): Promise<TenantRead<ClickRanking>> {
    const index = clickRankingIndex(this.indexPrefix, tenant);
    const current = { size: 1, query: { ids: { values: [CLICK_RANKING_ID] } } };
    try {
      const stamp = (await this.es.search<Pick<ClickRankingDocument, 'built_at'>>(index, { ...current, _source: ['built_at'] }, { ignoreUnavailable: true })).hits.hits[0]?._source;
      if (!stamp) return { value: NO_CLICK_RANKING };
      if (stamp.built_at === previous.builtAt) return { value: previous };
      const document = (await this.es.search<ClickRankingDocument>(index, current, { ignoreUnavailable: true })).hits.hits[0]?._source;
      return { value: document ? toClickRanking(document) : NO_CLICK_RANKING };
    } catch (error) {
      this.logger.warn('click ranking not readable: the last one read stays in use', { tenant, error: error instanceof Error ? error.message : String(error) });
      return { value: previous, failed: true };
    }
  }
}
