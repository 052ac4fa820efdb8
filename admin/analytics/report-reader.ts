/**
 * Runs the reports of admin/core/reports.ts against a tenant's analytics
 * indices (read only): one search on the searches, one on the events where
 * the report needs them, and for click-through the clicked searches' queries
 * looked up by queryID.
 */
import type { Client, estypes } from '@elastic/elasticsearch';
import { analyticsPattern } from '../../common/contract/analytics.js';
import { eventsBody, reRankedRows, reportRows, searchesBody, type ReportRequest, type Row } from '../core/reports.js';
import { CLICK_RANKING_ID, clickRankingIndex, type ClickRankingDocument } from '../../common/contract/click-ranking.js';

const LOOKUP_CHUNK = 1_000;

export class ReportReader {
  constructor(
    private readonly es: Client,
    private readonly indexPrefix: string,
  ) {}

  async run(tenant: string, request: ReportRequest): Promise<Row[]> {
    if (request.report === 're-ranked') return reRankedRows(await this.clickRanking(tenant), request.limit);
    const searchesIndex = analyticsPattern(this.indexPrefix, tenant, 'searches');
    const eventsIndex = analyticsPattern(this.indexPrefix, tenant, 'events');
    // No analytics yet for the tenant: empty reports, not an error.
    const read = (index: string, body: estypes.SearchRequest) => this.es.search({ index, ignore_unavailable: true, allow_no_indices: true, ...body });
    const eventsRequest = eventsBody(request);
    const [searches, events] = await Promise.all([read(searchesIndex, searchesBody(request)), eventsRequest ? read(eventsIndex, eventsRequest) : undefined]);
    const clicked = request.report === 'low-click-through' && events ? await this.clickedSearches(searchesIndex, events) : undefined;
    return reportRows(request, searches, events, clicked);
  }

  /** The tenant's latest click-aware ranking (none built yet: undefined). */
  private async clickRanking(tenant: string): Promise<ClickRankingDocument | undefined> {
    const stored = await this.es.get<ClickRankingDocument>({ index: clickRankingIndex(this.indexPrefix, tenant), id: CLICK_RANKING_ID }, { ignore: [404] });
    return stored.found ? stored._source : undefined;
  }

  /** queryID → the query of the search it names and its first click's position. */
  private async clickedSearches(searchesIndex: string, events: estypes.SearchResponse): Promise<Map<string, { query: string; first: number }>> {
    const buckets = ((events.aggregations?.searches as { buckets?: Array<{ key: string; first: { value: number | null } }> } | undefined)?.buckets ?? []).filter((b) => b.first.value !== null);
    const first = new Map(buckets.map((b) => [String(b.key), b.first.value as number]));
    const clicked = new Map<string, { query: string; first: number }>();
    const ids = [...first.keys()];
    for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
      const chunk = ids.slice(i, i + LOOKUP_CHUNK);
      const found = await this.es.search<{ query: string; query_id: string }>({
        index: searchesIndex,
        ignore_unavailable: true,
        allow_no_indices: true,
        size: chunk.length,
        _source: ['query', 'query_id'],
        query: { terms: { query_id: chunk } },
      });
      for (const hit of found.hits.hits) {
        const source = hit._source;
        if (source) clicked.set(source.query_id, { query: source.query, first: first.get(source.query_id) as number });
      }
    }
    return clicked;
  }
}
