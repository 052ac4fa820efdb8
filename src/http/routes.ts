/**
 * The search API's routes: each parses its request, plans it with pure
 * functions, has search-strategy.ts run the plans, and shapes the answer.
 */
import type { ElasticsearchHttp } from '../transport/elasticsearch-http.js';
import type { SynonymIndex } from '../../common/text/synonyms.js';
import { parseSearchParams } from '../search/search-request.js';
import { planSearch } from '../search/search-plan.js';
import { toSearchResponse, type SearchResponseBody } from '../search/search-response.js';
import { buildQuerySuggestionsBody, buildSuggestBody, parseSuggestParams, toSuggestResponse, type SuggestResponseBody } from '../search/suggest.js';
import type { ProductSource } from '../search/product-hit.js';
import { parseMultiQueryBody } from '../instantsearch/request.js';
import { facetValueSearchBody, planInstantSearch } from '../instantsearch/plan.js';
import { runSearches, type SearchOutcome, type StrategyOptions } from '../search/search-strategy.js';
import type { SearchPlan } from '../search/search-body.js';
import { understandQuery, type QueryUnderstanding } from '../search/relevance.js';
import type { Lexicon } from '../../common/text/lexicon.js';
import type { Language } from '../../common/text/languages.js';
import { toAlgoliaResult, toFacetSearchResult } from '../instantsearch/response.js';
import { merchandise, NO_MERCHANDISING, type CompiledRules } from '../merchandising/rules.js';
import type { InstantSearchQuery } from '../instantsearch/request.js';
import { NO_SYNONYMS } from '../../common/text/synonyms.js';
import { chosenFromClauses, chosenFromSearchFilters } from '../merchandising/chosen-filters.js';
import { advancedSyntaxFilters, parseAdvancedSyntax } from '../search/advanced-syntax.js';
import { indexAllowed, type KeyRestrictions } from '../auth/search-keys.js';
import { ForbiddenError } from '../errors.js';
import { randomBytes } from 'node:crypto';
import { filterList, reportQuery, type SearchFacts } from '../analytics/search-facts.js';
import { withFacts } from './answer-facts.js';
import { parseInsightsBody } from '../analytics/insights-events.js';
import type { estypes } from '@elastic/elasticsearch';
import { restrictToAttributes } from '../instantsearch/restrict.js';
import { querySuggestionsBody, toQuerySuggestionsResult } from '../instantsearch/query-suggestions.js';
import type { QuerySuggestion } from '../../common/contract/analytics.js';
import { NO_CLICK_RANKING, type ClickRanking } from '../analytics/click-ranking-cache.js';
import { clickLiftsFor } from '../search/click-rescore.js';

export interface RouteContext {
  /** The tenant's alias: the only index a request can read. */
  index: string;
  es: ElasticsearchHttp;
  synonyms: SynonymIndex;
  /** The merchant's rules (src/merchandising/rules.ts), compiled, applied to each query. */
  merchandising: CompiledRules;
  /** The tenant's catalog vocabulary (typos, split words, compounds, class intent). */
  lexicon: Lexicon;
  language: Language;
  /** About how many matches facets are counted over at most (FACET_SAMPLE_SIZE). */
  facetSampleSize: number;
  query: URLSearchParams;
  body: string | undefined;
  /** The request's one budget (SEARCH_TIMEOUT_MS) across every Elasticsearch call it makes. */
  signal?: AbortSignal;
  /** The tenant the request is for. */
  tenant: string;
  /** The tenant's learned query suggestions (common/contract/analytics.ts); absent: none served. */
  querySuggestionsIndex?: string;
  /** What the request's secured API key restricts (src/auth/search-keys.ts); null or absent: nothing. */
  keyRestrictions?: KeyRestrictions | null;
  /** The tenant's click-aware ranking (src/analytics/click-ranking-cache.ts); absent: none. */
  clickRanking?: ClickRanking;
}

/** The filters a secured key imposes, as clauses (AND'ed with the request's; parsed when the key was authorized). */
function keyFilters(restrictions: KeyRestrictions | null | undefined): estypes.QueryDslQueryContainer[] {
  return restrictions?.filter ? [restrictions.filter] : [];
}

const strategy = (ctx: RouteContext): StrategyOptions => ({
  synonyms: ctx.synonyms,
  catalogSize: ctx.lexicon.documents,
  facetSampleSize: ctx.facetSampleSize,
  signal: ctx.signal,
});

export async function searchRoute(ctx: RouteContext): Promise<SearchResponseBody> {
  const request = parseSearchParams(ctx.query);
  if (!indexAllowed('products', ctx.keyRestrictions?.restrictIndices ?? null)) throw new ForbiddenError('This API key may not search this index (restrictIndices)');
  // "Quoted phrases" and -exclusions, as Algolia's advancedSyntax reads them.
  const advanced = parseAdvancedSyntax(request.query, ctx.language);
  const merchandising = merchandise(ctx.merchandising, advanced.text, ctx.language, { chosen: chosenFromSearchFilters(request.filters) });
  // A rule may change the words searched; the response still shows the shopper's own (request.query).
  const searched = { ...request, query: merchandising.searchText ?? advanced.text };
  const planned = planSearch(searched, ctx.lexicon, ctx.language, ctx.synonyms);
  const plan = {
    ...planned,
    filters: [...planned.filters, ...advancedSyntaxFilters(advanced), ...keyFilters(ctx.keyRestrictions)],
    merchandising,
    clickLifts: clickLiftsFor(ctx.clickRanking ?? NO_CLICK_RANKING, request.query, ctx.language),
  };
  const [outcome] = await runSearches(ctx.es, ctx.index, [{ plan }], strategy(ctx));
  const response = toSearchResponse(request, plan, outcome as SearchOutcome);
  return withFacts(response, {
    searches: [
      {
        query: reportQuery(request.query),
        query_id: null,
        total: response.total,
        page: response.page - 1,
        hits_per_page: response.size,
        hit_ids: response.hits.map((hit) => hit.id),
        filters: filterList(chosenFromSearchFilters(request.filters)),
        applied_rules: response.appliedRules,
        source: '/search',
        analytics_tags: [],
        userToken: null,
      },
    ],
  });
}

export async function suggestRoute(ctx: RouteContext): Promise<SuggestResponseBody> {
  // Completions cannot be filtered: a key that restricts what may be seen cannot use them.
  if (ctx.keyRestrictions) throw new ForbiddenError('A secured API key with restrictions cannot use /suggest (its completions cannot be filtered); use the InstantSearch route');
  const request = parseSuggestParams(ctx.query);
  // Side by side: catalog completions, and queries learned from shoppers' searches (none before traffic).
  const [response, learned] = await Promise.all([
    ctx.es.search<ProductSource>(ctx.index, buildSuggestBody(request, ctx.language, ctx.lexicon), { signal: ctx.signal }),
    ctx.querySuggestionsIndex
      ? ctx.es.search<{ query: string; category: string | null }>(ctx.querySuggestionsIndex, buildQuerySuggestionsBody(request), { signal: ctx.signal, ignoreUnavailable: true })
      : undefined,
  ]);
  return toSuggestResponse(request, response, learned);
}

/** nbHits and the hit ids of a result, whatever responseFields left in it (the facts are read before narrowing would matter). */
function algoliaResultFacts(result: Record<string, unknown>): { nbHits: number; hitIds: string[] } {
  const hits = Array.isArray(result.hits) ? (result.hits as Array<{ objectID?: unknown }>) : [];
  return { nbHits: typeof result.nbHits === 'number' ? result.nbHits : 0, hitIds: hits.map((hit) => String(hit.objectID)) };
}

/** POST /1/events: Algolia Insights events, checked (a bad one: 422 naming it, nothing recorded), then recorded. */
export async function insightsRoute(ctx: RouteContext): Promise<{ status: number; message: string }> {
  const events = parseInsightsBody(ctx.body, ctx.tenant);
  return withFacts({ status: 200, message: 'OK' }, { events });
}

export async function instantSearchRoute(ctx: RouteContext): Promise<{ results: unknown[] }> {
  const queries = parseMultiQueryBody(ctx.body, ctx.keyRestrictions ?? null);
  const started = performance.now();
  // A multi-query usually repeats one text (the hits query and its disjunctive facet queries): read it once.
  const understood = new Map<string, QueryUnderstanding | undefined>();
  const understand = (text: string, query: InstantSearchQuery, synonyms: SynonymIndex) => {
    const { typing, typos } = query;
    const key = `${typing ? 'typing' : 'typed'}:${query.synonyms}:${typos.enabled}:${typos.oneTypo}:${typos.twoTypos}:${text}`;
    if (!understood.has(key)) understood.set(key, understandQuery(text, ctx.lexicon, ctx.language, synonyms, typing, typos));
    return understood.get(key);
  };
  const synonymsOf = (query: InstantSearchQuery) => (query.synonyms ? ctx.synonyms : NO_SYNONYMS);
  const plans = queries.map((query) => {
    const advanced = query.advancedSyntax ? parseAdvancedSyntax(query.query, ctx.language, query.advancedSyntaxFeatures) : undefined;
    const words = advanced?.text ?? query.query;
    const merchandising = query.enableRules
      ? merchandise(ctx.merchandising, words, ctx.language, { chosen: chosenFromClauses(query.filters), contexts: query.ruleContexts })
      : NO_MERCHANDISING;
    const text = merchandising.searchText ?? words;
    const understanding = understand(text, query, synonymsOf(query));
    const restricted = restrictToAttributes(understanding, query.restrictSearchableAttributes);
    const filters = [...query.filters, ...(advanced ? advancedSyntaxFilters(advanced) : []), ...(restricted ? [restricted] : [])];
    // The plan searches the edited words; the result still shows the shopper's query (query.query).
    const clickLifts = query.enableReRanking ? clickLiftsFor(ctx.clickRanking ?? NO_CLICK_RANKING, query.query, ctx.language) : [];
    return { ...planInstantSearch({ ...query, query: text, filters }, understanding), merchandising, clickLifts };
  });
  // Product searches go to Elasticsearch together; the query-suggestions index's beside them.
  const productQueries = queries.flatMap((query, i) => (query.querySuggestions ? [] : [i]));
  const items = productQueries.map((i) => {
    const query = queries[i] as InstantSearchQuery;
    const plan = plans[i] as SearchPlan;
    const body = facetValueSearchBody(query, plan, synonymsOf(query));
    return { plan, ...(body ? { body } : {}), ...(query.synonyms ? {} : { synonyms: NO_SYNONYMS }) };
  });
  const [productOutcomes, suggestionAnswers] = await Promise.all([
    items.length > 0 ? runSearches(ctx.es, ctx.index, items, strategy(ctx)) : Promise.resolve([]),
    Promise.all(
      queries.map((query) =>
        query.querySuggestions && ctx.querySuggestionsIndex
          ? ctx.es.search<QuerySuggestion>(ctx.querySuggestionsIndex, querySuggestionsBody(query), { signal: ctx.signal, ignoreUnavailable: true })
          : undefined,
      ),
    ),
  ]);
  const outcomes = new Map(productQueries.map((queryIndex, i) => [queryIndex, productOutcomes[i] as SearchOutcome]));
  const processingTimeMS = Math.round(performance.now() - started);
  const searches: SearchFacts[] = [];
  const answer = {
    results: queries.map((query, i) => {
      if (query.querySuggestions) return toQuerySuggestionsResult(query, suggestionAnswers[i], processingTimeMS);
      const outcome = outcomes.get(i) as SearchOutcome;
      if (query.facetSearch) return toFacetSearchResult(query, outcome.response, processingTimeMS);
      // clickAnalytics: a queryID the shopper's click and conversion events refer to (Algolia Insights).
      const queryID = query.clickAnalytics && query.hitsPerPage > 0 ? randomBytes(16).toString('hex') : undefined;
      const result = { ...toAlgoliaResult(query, plans[i] as SearchPlan, outcome, processingTimeMS), ...(queryID ? { queryID } : {}) };
      // The query that shows hits is the search; InstantSearch's facet-count queries beside it (no hits) are not.
      if (query.analytics && query.hitsPerPage > 0) {
        const body = algoliaResultFacts(result);
        searches.push({
          query: reportQuery(query.query),
          query_id: queryID ?? null,
          total: body.nbHits,
          page: query.page,
          hits_per_page: query.hitsPerPage,
          hit_ids: body.hitIds,
          filters: filterList(chosenFromClauses(query.filters)),
          applied_rules: (plans[i] as SearchPlan).merchandising?.appliedRules ?? [],
          source: query.indexName,
          analytics_tags: query.analyticsTags.slice(0, 10),
          userToken: query.userToken,
        });
      }
      return result;
    }),
  };
  // Each result names what its request ignored (`message`); the response lists them all once.
  return withFacts(answer, { searches, ignoredParameters: [...new Set(queries.flatMap((query) => query.ignored))].sort() });
}
