/**
 * Each tenant's lexicon (common/text/lexicon.ts), read from Elasticsearch
 * once per container and refreshed in the background every 30 seconds, so
 * a search waits for it only on its tenant's first request in a container.
 * A refresh first asks only for the stored documents' versions: the lexicon
 * is read and parsed again only when it was rebuilt (parsing 100k words
 * takes a quarter of a second of the event loop that serves searches); the
 * incremental syncs' delta (common/text/lexicon-delta.ts), which changes
 * every minute, is small and laid over the parsed lexicon without copying it. A tenant whose lexicon is not built yet (or unreadable) searches
 * without one: exact words only, no class boost, until the indexer writes it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { indexNames, LEXICON_DELTA_DOCUMENT_ID, LEXICON_DOCUMENT_ID, type StoredLexicon, type StoredLexiconDelta } from '../../common/contract/index-names.js';
import { EMPTY_LEXICON, Lexicon } from '../../common/text/lexicon.js';
import { ElasticsearchHttp } from '../transport/elasticsearch-http.js';
import { TenantRefresh, type TenantRead } from './tenant-refresh.js';
import { DEFAULT_LEXICON_CACHE_WORDS } from '../config.js';

/** The lexicon in use, and the stored documents' versions it was read from. */
interface LexiconState {
  lexicon: Lexicon;
  /** The stored lexicon as parsed (before the delta) and the stored versions read (delta: null read and absent, undefined not read yet). */
  stored?: { lexicon: Lexicon; builtAt: string; version: number; deltaVersion: number | null | undefined } | undefined;
}

/** Where a request gets its tenant's lexicon; `signal` (the request's budget) bounds the wait for a first read. */
export interface LexiconSource {
  get(tenant: string, signal?: AbortSignal): Promise<Lexicon>;
}

export class LexiconCache implements LexiconSource {
  private readonly refresh: TenantRefresh<LexiconState>;

  constructor(
    private readonly es: ElasticsearchHttp,
    private readonly indexPrefix: string,
    private readonly logger: Logger,
    /** How often a tenant's lexicon is checked for changes: the indexer updates it every minute (incremental syncs). */
    maxAgeMs = 30_000,
    /** After a failed read (Elasticsearch down, lexicon not built yet): how soon to try again. */
    retryAfterFailureMs = 10_000,
    now: () => number = Date.now,
    /** Words all tenants' lexicons may hold together (about 37 MB per 100,000): past it, the least recently used go. */
    maxWords = DEFAULT_LEXICON_CACHE_WORDS,
  ) {
    this.refresh = new TenantRefresh({
      what: "the tenant's lexicon",
      initial: () => ({ lexicon: EMPTY_LEXICON }),
      read: (tenant, previous) => this.read(tenant, previous),
      maxAgeMs,
      retryAfterFailureMs,
      now,
      weigh: (state) => state.lexicon.size,
      maxWeight: maxWords,
    });
  }

  /** Tenants whose lexicon this container holds now. */
  tenants(): string[] {
    return this.refresh.tenants();
  }

  async get(tenant: string, signal?: AbortSignal): Promise<Lexicon> {
    return (await this.refresh.get(tenant, signal)).lexicon;
  }

  /** Parses of a stored lexicon so far (a refresh of an unchanged one parses nothing; a changed delta only lays itself over). */
  parses = 0;

  private async read(tenant: string, previous: LexiconState): Promise<TenantRead<LexiconState>> {
    let { lexicon, stored } = previous;
    const index = indexNames(this.indexPrefix, tenant).lexiconIndex;
    const read = async <T>(id: string, source: boolean) =>
      (await this.es.search<T>(index, { size: 1, _source: source, version: true, query: { ids: { values: [id] } } })).hits.hits[0];
    try {
      // One small request says whether either document changed since it was read.
      const versions = new Map<string, number | undefined>();
      if (stored) {
        const hits = (await this.es.search(index, { size: 2, _source: false, version: true, query: { ids: { values: [LEXICON_DOCUMENT_ID, LEXICON_DELTA_DOCUMENT_ID] } } })).hits.hits;
        for (const hit of hits) if (hit._id) versions.set(hit._id, hit._version);
      }
      if (!stored || versions.get(LEXICON_DOCUMENT_ID) !== stored.version) {
        const hit = await read<StoredLexicon>(LEXICON_DOCUMENT_ID, true);
        if (hit?._source?.lexicon && hit._version !== undefined) {
          stored = { lexicon: new Lexicon(hit._source.lexicon), builtAt: hit._source.built_at, version: hit._version, deltaVersion: undefined };
          lexicon = stored.lexicon;
          this.parses += 1;
        }
      }
      // The incremental syncs' changes since it was built (indexer/sync/lexicon-updates.ts), laid over it.
      if (stored && (stored.deltaVersion === undefined || (versions.get(LEXICON_DELTA_DOCUMENT_ID) ?? null) !== stored.deltaVersion)) {
        const hit = await read<StoredLexiconDelta>(LEXICON_DELTA_DOCUMENT_ID, true);
        const delta = hit?._source;
        stored = { ...stored, deltaVersion: hit?._version ?? null };
        lexicon = delta && delta.base === stored.builtAt ? stored.lexicon.withDelta(delta.delta) : stored.lexicon;
      }
      return { value: { lexicon, stored } };
    } catch (error) {
      this.logger.warn('lexicon not readable: searching without it', { tenant, error: error instanceof Error ? error.message : String(error) });
      return { value: { lexicon, stored }, failed: true };
    }
  }
}

/** One tenant's lexicon read once, as the route reads it (eval and bench build the route's bodies with it). */
export async function readLexicon(elasticsearchUrl: string, indexPrefix: string, tenant: string, logger: Logger): Promise<Lexicon> {
  const es = new ElasticsearchHttp({ url: elasticsearchUrl, timeoutMs: 10_000, retryAfterSeconds: 1 });
  return new LexiconCache(es, indexPrefix, logger).get(tenant);
}
