/**
 * Runs a preview's searches with search's own code (src/http/routes.ts'
 * searchRoute: the same query understanding, synonyms, rules and ranking as
 * the search function), once with the published settings and once with the
 * draft, against the tenant's live alias. The only module of the admin API
 * that reads products. Read-only: nothing here writes.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import pLimit from 'p-limit';
import { indexNames } from '../../common/contract/index-names.js';
import type { MerchandisingSettings } from '../../common/contract/merchandising.js';
import { ElasticsearchHttp } from '../../src/transport/elasticsearch-http.js';
import { LexiconCache } from '../../src/search/lexicon-cache.js';
import { tenantSettings } from '../../src/merchandising/settings-cache.js';
import { searchRoute } from '../../src/http/routes.js';
import { DEFAULT_FACET_SAMPLE_SIZE } from '../../src/config.js';
import type { AdminConfig } from '../config.js';
import { compareResults, PREVIEW_LIMITS, type QueryPreview, type QueryResult } from '../core/preview.js';

/** Searches at once per preview: a few, so a 30-query preview does not crowd out shoppers' searches. */
const CONCURRENCY = 4;

export class PreviewSearch {
  private readonly es: ElasticsearchHttp;
  private readonly lexicons: LexiconCache;

  constructor(
    private readonly config: AdminConfig,
    logger: Logger,
  ) {
    this.es = new ElasticsearchHttp({ ...config.elasticsearch, timeoutMs: config.elasticsearch.requestTimeoutMs, retryAfterSeconds: 2, maxSockets: CONCURRENCY });
    this.lexicons = new LexiconCache(this.es, config.indexPrefix, logger);
  }

  async compare(tenant: string, current: MerchandisingSettings, draft: MerchandisingSettings, queries: readonly string[], signal?: AbortSignal): Promise<QueryPreview[]> {
    const language = this.config.languages.get(tenant) ?? 'en';
    const deploymentSynonyms = this.config.synonymGroups.get(tenant) ?? [];
    const lexicon = await this.lexicons.get(tenant, signal);
    const index = indexNames(this.config.indexPrefix, tenant).productsAlias;
    const versions = { current: tenantSettings(current, language, deploymentSynonyms), draft: tenantSettings(draft, language, deploymentSynonyms) };
    const limit = pLimit(CONCURRENCY);

    const top = (which: keyof typeof versions, text: string) =>
      limit(async (): Promise<QueryResult> => {
        const settings = versions[which];
        // Not through the search function's handler: a preview's searches are never recorded as shoppers'.
        const response = await searchRoute({
          tenant,
          index,
          es: this.es,
          synonyms: settings.synonyms,
          merchandising: settings.rules,
          lexicon,
          language,
          facetSampleSize: DEFAULT_FACET_SAMPLE_SIZE,
          query: new URLSearchParams({ q: text, size: String(PREVIEW_LIMITS.top) }),
          body: undefined,
          signal,
        });
        return { total: response.total, top: response.hits.map((hit) => ({ id: hit.id, name: hit.name })), appliedRules: response.appliedRules, redirect: response.redirect };
      });
    return Promise.all(
      queries.map(async (text) => {
        const [before, after] = await Promise.all([top('current', text), top('draft', text)]);
        return compareResults(text, before, after);
      }),
    );
  }
}
