/**
 * Builds a tenant's learned query suggestions on the indexer's schedule:
 * its searches of the last 30 days counted per query (search analytics),
 * merged and filtered (transform/query-suggestions.ts, with the merchant's
 * block list from their settings), each given the product class most of its
 * results are, and written whole into `<prefix>-query-suggestions-<tenant>`.
 * Until a tenant has such traffic the index stays empty and /suggest
 * completes from catalog names alone.
 */
import type { Client } from '@elastic/elasticsearch';
import { analyticsPattern, QUERY_SUGGESTION_MAPPINGS, querySuggestionsIndex, type QuerySuggestion } from '../../common/contract/analytics.js';
import { indexNames, SETTINGS_CURRENT_ID } from '../../common/contract/index-names.js';
import type { StoredSettings } from '../../common/contract/merchandising.js';
import type { Language } from '../../common/text/languages.js';
import { mergeQuerySuggestions, type QueryCount } from '../transform/query-suggestions.js';

const WINDOW_DAYS = 30;
const MAX_SUGGESTIONS = 1_000;
const CATEGORY_BATCH = 100;

export interface SuggestionThresholds {
  minSearches: number;
  minHits: number;
}

async function blockedWords(es: Client, prefix: string, tenant: string): Promise<string[]> {
  const stored = await es.get<StoredSettings>({ index: indexNames(prefix, tenant).settingsIndex, id: SETTINGS_CURRENT_ID }, { ignore: [404] });
  return (stored as { _source?: StoredSettings })._source?.settings.suggestions?.blocked ?? [];
}

export async function buildQuerySuggestions(es: Client, prefix: string, tenant: string, language: Language, thresholds: SuggestionThresholds, now = Date.now()): Promise<number> {
  const counted = await es.search({
    index: analyticsPattern(prefix, tenant, 'searches'),
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    query: { range: { at: { gte: new Date(now - WINDOW_DAYS * 86_400_000).toISOString() } } },
    aggs: { queries: { terms: { field: 'query', size: 10_000 }, aggs: { hits: { avg: { field: 'total' } } } } },
  });
  const buckets = (counted.aggregations?.queries as { buckets?: Array<{ key: string; doc_count: number; hits: { value: number | null } }> } | undefined)?.buckets ?? [];
  const counts: QueryCount[] = buckets.map((b) => ({ query: String(b.key), searches: b.doc_count, avgHits: b.hits.value ?? 0 }));
  const merged = mergeQuerySuggestions(counts, language, { ...thresholds, blocked: await blockedWords(es, prefix, tenant), max: MAX_SUGGESTIONS });

  // Where each leads: the product class most of its matches are (every word matched, as the catalog indexed it).
  const alias = indexNames(prefix, tenant).productsAlias;
  const categories: Array<string | null> = [];
  for (let i = 0; i < merged.length; i += CATEGORY_BATCH) {
    const batch = merged.slice(i, i + CATEGORY_BATCH);
    const { responses } = await es.msearch({
      searches: batch.flatMap((s) => [
        { index: alias },
        { size: 0, query: { bool: { filter: [{ term: { active: true } }, ...s.normalized.split(' ').map((token) => ({ term: { all_norm: token } }))] } }, aggs: { class: { terms: { field: 'product_class', size: 1 } } } },
      ]),
    });
    for (const response of responses) {
      const top = ((response as { aggregations?: { class?: { buckets?: Array<{ key: string }> } } }).aggregations?.class?.buckets ?? [])[0];
      categories.push(top ? String(top.key) : null);
    }
  }

  const index = querySuggestionsIndex(prefix, tenant);
  await es.indices.delete({ index, ignore_unavailable: true });
  await es.indices.create({ index, settings: { number_of_shards: 1, auto_expand_replicas: '0-1' }, mappings: QUERY_SUGGESTION_MAPPINGS as never });
  if (merged.length > 0) {
    const builtAt = new Date(now).toISOString();
    const documents: QuerySuggestion[] = merged.map((s, i) => ({ query: s.query, query_lower: s.query.toLowerCase(), normalized: s.normalized, searches: s.searches, hits: s.hits, category: categories[i] ?? null, built_at: builtAt }));
    await es.bulk({ refresh: true, operations: documents.flatMap((doc) => [{ index: { _index: index, _id: doc.normalized.slice(0, 500) } }, doc]) });
  }
  return merged.length;
}
