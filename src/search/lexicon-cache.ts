/**
 * Each tenant's lexicon (common/text/lexicon.ts), read from Elasticsearch
 * once per container and refreshed in the background every few minutes, so
 * a search waits for it only on its tenant's first request in a container.
 * A refresh first asks only for the stored document's version, and reads
 * and parses the lexicon again only when it changed: parsing a 100k-word
 * lexicon takes a quarter of a second of the event loop that serves
 * searches. A tenant whose lexicon is not built yet (or unreadable) searches
 * without one: exact words only, no class boost, until the indexer writes it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { indexNames, LEXICON_DOCUMENT_ID, type StoredLexicon } from '../../common/contract/index-names.js';
import { EMPTY_LEXICON, Lexicon } from '../../common/text/lexicon.js';
import { ElasticsearchHttp } from '../transport/elasticsearch-http.js';
import { ServiceUnavailableError } from '../errors.js';
import { untilAborted } from './until-aborted.js';

interface Entry {
  lexicon: Lexicon;
  loadedAt: number;
  /** The stored document's version the lexicon was parsed from (undefined: none read yet). */
  version?: number | undefined;
  loading?: Promise<Lexicon>;
}

/** Where a request gets its tenant's lexicon; `signal` (the request's budget) bounds the wait for a first read. */
export interface LexiconSource {
  get(tenant: string, signal?: AbortSignal): Promise<Lexicon>;
}

/** The shared first read, or 503 as soon as this request's budget is spent (the read goes on for the others). */
const until = <T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> =>
  untilAborted(work, signal, () => new ServiceUnavailableError("the request's budget was spent waiting for the tenant's lexicon"));

export class LexiconCache implements LexiconSource {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly es: ElasticsearchHttp,
    private readonly indexPrefix: string,
    private readonly logger: Logger,
    private readonly maxAgeMs = 5 * 60_000,
    /** After a failed read (Elasticsearch down, lexicon not built yet): how soon to try again. */
    private readonly retryAfterFailureMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(tenant: string, signal?: AbortSignal): Promise<Lexicon> {
    const entry = this.entries.get(tenant);
    if (!entry) {
      const loading = this.load(tenant);
      this.entries.set(tenant, { lexicon: EMPTY_LEXICON, loadedAt: 0, loading });
      return until(loading, signal);
    }
    if (entry.loading && entry.loadedAt === 0) return until(entry.loading, signal);
    if (!entry.loading && this.now() - entry.loadedAt > this.maxAgeMs) entry.loading = this.load(tenant); // stale-while-revalidate
    return entry.lexicon;
  }

  /** Parses of a stored lexicon so far (a refresh of an unchanged one parses nothing). */
  parses = 0;

  private async load(tenant: string): Promise<Lexicon> {
    const previous = this.entries.get(tenant);
    let lexicon = previous?.lexicon ?? EMPTY_LEXICON;
    let version = previous?.version;
    let loadedAt = this.now();
    const index = indexNames(this.indexPrefix, tenant).lexiconIndex;
    const query = { ids: { values: [LEXICON_DOCUMENT_ID] } };
    try {
      // Unchanged since it was parsed: keep it (one small request instead of reading and parsing it all).
      const current =
        version === undefined ? undefined : (await this.es.search<StoredLexicon>(index, { size: 1, _source: false, version: true, query })).hits.hits[0]?._version;
      if (version === undefined || current !== version) {
        const hit = (await this.es.search<StoredLexicon>(index, { size: 1, version: true, query })).hits.hits[0];
        const stored = hit?._source?.lexicon;
        if (stored) {
          lexicon = new Lexicon(stored);
          version = hit?._version;
          this.parses += 1;
        }
      }
    } catch (error) {
      this.logger.warn('lexicon not readable: searching without it', { tenant, error: error instanceof Error ? error.message : String(error) });
      // Elasticsearch may be back in a moment: try again soon rather than after a whole refresh period.
      loadedAt = this.now() - this.maxAgeMs + this.retryAfterFailureMs;
    }
    this.entries.set(tenant, { lexicon, loadedAt, version });
    return lexicon;
  }
}

/** One tenant's lexicon read once, as the route reads it (eval and bench build the route's bodies with it). */
export async function readLexicon(elasticsearchUrl: string, indexPrefix: string, tenant: string, logger: Logger): Promise<Lexicon> {
  const es = new ElasticsearchHttp({ url: elasticsearchUrl, timeoutMs: 10_000, retryAfterSeconds: 1 });
  return new LexiconCache(es, indexPrefix, logger).get(tenant);
}
