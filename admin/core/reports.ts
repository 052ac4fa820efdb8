/**
 * Pure: the search-analytics reports a merchant reads (admin API, same keys
 * as merchandising): the request parsed and checked, each report's
 * Elasticsearch body, and its answer shaped as rows (JSON or CSV). Every
 * report covers `from` ≤ at < `to` (default: the last 7 days).
 *   top-queries        searches per query, with their average results
 *   no-results         queries that found nothing, by searches
 *   low-click-through  queries whose searches (with a queryID) get few clicks,
 *                      with the mean position of the first click
 *   top-products       products by clicks and by conversions
 *   filters            filter values chosen, by searches
 *   overview           searches per day, the no-result rate, latency percentiles
 *   re-ranked          the queries click-aware ranking lifts products for, with
 *                      each product and its factor (the indexer's latest build;
 *                      not a date range)
 */
import type { estypes } from '@elastic/elasticsearch';
import type { ClickRankingDocument } from '../../common/contract/click-ranking.js';

export const REPORTS = ['top-queries', 'no-results', 'low-click-through', 'top-products', 'filters', 'overview', 're-ranked'] as const;
export type ReportName = (typeof REPORTS)[number];

export interface ReportRequest {
  report: ReportName;
  from: Date;
  to: Date;
  limit: number;
  format: 'json' | 'csv';
}

export class ReportRequestError extends Error {
  override name = 'ReportRequestError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const DAY = 86_400_000;
const MAX_RANGE_DAYS = 400;

function date(query: URLSearchParams, name: string, fallback: Date): Date {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const parsed = Date.parse(raw);
  if (Number.isNaN(parsed)) throw new ReportRequestError(name, `"${name}" must be an ISO 8601 date or date-time`);
  return new Date(parsed);
}

export function parseReportRequest(name: string, query: URLSearchParams, now = Date.now()): ReportRequest {
  if (!(REPORTS as readonly string[]).includes(name)) throw new ReportRequestError('report', `no report "${name.slice(0, 40)}"; reports: ${REPORTS.join(', ')}`);
  const to = date(query, 'to', new Date(now));
  const from = date(query, 'from', new Date(to.getTime() - 7 * DAY));
  if (from >= to) throw new ReportRequestError('from', '"from" must be before "to"');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) throw new ReportRequestError('from', `a report covers at most ${MAX_RANGE_DAYS} days`);
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? 100 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ReportRequestError('limit', '"limit" must be a whole number from 1 to 1000');
  const format = query.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new ReportRequestError('format', '"format" must be "json" or "csv"');
  return { report: name as ReportName, from, to, limit, format };
}

type Query = estypes.QueryDslQueryContainer;

const inRange = (request: ReportRequest): Query => ({ range: { at: { gte: request.from.toISOString(), lt: request.to.toISOString() } } });

export type Row = Record<string, string | number | null>;

/** The searches-index body of a report (low-click-through and top-products also read events: see the adapter). */
export function searchesBody(request: ReportRequest): estypes.SearchRequest {
  const filter = [inRange(request)];
  switch (request.report) {
    case 'top-queries':
      return { size: 0, query: { bool: { filter } }, aggs: { queries: { terms: { field: 'query', size: request.limit }, aggs: { results: { avg: { field: 'total' } } } } } };
    case 'no-results':
      return { size: 0, query: { bool: { filter: [...filter, { term: { total: 0 } }] } }, aggs: { queries: { terms: { field: 'query', size: request.limit } } } };
    case 'filters':
      return { size: 0, query: { bool: { filter } }, aggs: { filters: { terms: { field: 'filters', size: request.limit } } } };
    case 'overview':
      return {
        size: 0,
        track_total_hits: true,
        query: { bool: { filter } },
        aggs: {
          days: { date_histogram: { field: 'at', calendar_interval: 'day', min_doc_count: 0 } },
          noResults: { filter: { term: { total: 0 } } },
          latency: { percentiles: { field: 'latency_ms', percents: [50, 95, 99] } },
        },
      };
    case 'low-click-through':
      // Searches that can be clicked (they carry a queryID), per query.
      return { size: 0, query: { bool: { filter: [...filter, { exists: { field: 'query_id' } }] } }, aggs: { queries: { terms: { field: 'query', size: 10_000 } } } };
    case 'top-products':
    case 're-ranked':
      return { size: 0, query: { match_none: {} } };
  }
}

/** The re-ranked report's rows: each lifted product of each query, in the build's order (most evidence first). */
export function reRankedRows(document: Pick<ClickRankingDocument, 'built_at' | 'queries'> | undefined, limit: number): Row[] {
  const rows: Row[] = [];
  for (const [query, lifts] of Object.entries(document?.queries ?? {})) {
    for (const [productId, factor] of lifts) rows.push({ query, productId, factor, builtAt: document?.built_at ?? null });
  }
  return rows.slice(0, limit);
}

/** The events-index body of the reports that read events. */
export function eventsBody(request: ReportRequest): estypes.SearchRequest | undefined {
  const filter = [inRange(request)];
  if (request.report === 'top-products') {
    return {
      size: 0,
      query: { bool: { filter: [...filter, { terms: { type: ['click', 'conversion'] } }] } },
      aggs: {
        products: {
          terms: { field: 'object_ids', size: request.limit },
          aggs: { clicks: { filter: { term: { type: 'click' } } }, conversions: { filter: { term: { type: 'conversion' } } } },
        },
      },
    };
  }
  if (request.report === 'low-click-through') {
    // Clicks after a search: one bucket per search (queryID), with its first click's position.
    return {
      size: 0,
      query: { bool: { filter: [...filter, { term: { type: 'click' } }, { exists: { field: 'query_id' } }] } },
      aggs: { searches: { terms: { field: 'query_id', size: 65_000 }, aggs: { first: { min: { field: 'positions' } } } } },
    };
  }
  return undefined;
}

type Buckets = { buckets: Array<{ key: string | number; key_as_string?: string; doc_count: number; [sub: string]: unknown }> };

const aggs = (response: estypes.SearchResponse) => (response.aggregations ?? {}) as Record<string, unknown>;
/** A terms or histogram aggregation's buckets; none when there was nothing to aggregate (no analytics index yet). */
const bucketsOf = (aggregation: unknown): Buckets['buckets'] => (aggregation as Buckets | undefined)?.buckets ?? [];

/**
 * The rows of a report. `clicked`: for low-click-through, each clicked
 * search's query and first click position (the adapter joins events to
 * searches by queryID).
 */
export function reportRows(request: ReportRequest, searches: estypes.SearchResponse, events?: estypes.SearchResponse, clicked?: ReadonlyMap<string, { query: string; first: number }>): Row[] {
  const a = aggs(searches);
  switch (request.report) {
    case 'top-queries':
      return bucketsOf(a.queries).map((b) => ({ query: String(b.key), searches: b.doc_count, avgResults: Math.round(((b.results as { value: number | null }).value ?? 0) * 10) / 10 }));
    case 'no-results':
      return bucketsOf(a.queries).map((b) => ({ query: String(b.key), searches: b.doc_count }));
    case 'filters': {
      return bucketsOf(a.filters).map((b) => {
        const text = String(b.key);
        const colon = text.indexOf(':');
        return { field: text.slice(0, colon), value: text.slice(colon + 1), searches: b.doc_count };
      });
    }
    case 'overview': {
      const total = typeof searches.hits.total === 'number' ? searches.hits.total : (searches.hits.total?.value ?? 0);
      const noResults = (a.noResults as { doc_count: number } | undefined)?.doc_count ?? 0;
      const latency = (a.latency as { values: Record<string, number | null> } | undefined)?.values ?? {};
      const summary: Row = {
        day: 'all',
        searches: total,
        noResultRate: total > 0 ? Math.round((noResults / total) * 1000) / 1000 : 0,
        latencyP50: latency['50.0'] ?? null,
        latencyP95: latency['95.0'] ?? null,
        latencyP99: latency['99.0'] ?? null,
      };
      const days = bucketsOf(a.days).map((b): Row => ({ day: (b.key_as_string ?? String(b.key)).slice(0, 10), searches: b.doc_count, noResultRate: null, latencyP50: null, latencyP95: null, latencyP99: null }));
      return [summary, ...days];
    }
    case 're-ranked':
      return [];
    case 'top-products':
      return bucketsOf(events ? aggs(events).products : undefined).map((b) => ({
        productId: String(b.key),
        clicks: (b.clicks as { doc_count: number }).doc_count,
        conversions: (b.conversions as { doc_count: number }).doc_count,
      }));
    case 'low-click-through': {
      const perQuery = new Map<string, { clicked: number; positions: number[] }>();
      for (const { query, first } of clicked?.values() ?? []) {
        const entry = perQuery.get(query) ?? { clicked: 0, positions: [] };
        entry.clicked += 1;
        entry.positions.push(first);
        perQuery.set(query, entry);
      }
      return bucketsOf(a.queries)
        .map((b) => {
          const entry = perQuery.get(String(b.key));
          const meanFirst = entry && entry.positions.length > 0 ? entry.positions.reduce((x, y) => x + y, 0) / entry.positions.length : null;
          return { query: String(b.key), searches: b.doc_count, clickedSearches: entry?.clicked ?? 0, clickThroughRate: Math.round(((entry?.clicked ?? 0) / b.doc_count) * 1000) / 1000, meanFirstClickPosition: meanFirst === null ? null : Math.round(meanFirst * 10) / 10 };
        })
        .sort((x, y) => x.clickThroughRate - y.clickThroughRate || y.searches - x.searches)
        .slice(0, request.limit);
    }
  }
}

/** RFC 4180 CSV: a header of the rows' keys, quoted where needed; formulas neutralised for spreadsheet safety. */
export function toCsv(rows: readonly Row[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0] as Row);
  const cell = (value: string | number | null) => {
    if (value === null) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column] ?? null)).join(','))].join('\r\n')}\r\n`;
}
