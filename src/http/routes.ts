/**
 * The search API's routes: each parses its request, builds the Elasticsearch
 * request with pure functions, makes one round trip, and shapes the answer.
 */
import type { ElasticsearchHttp } from '../transport/elasticsearch-http.js';
import type { SynonymIndex } from '../../common/text/synonyms.js';
import { parseSearchParams } from '../search/search-request.js';
import { planSearch } from '../search/search-plan.js';
import { buildSearchBody } from '../search/search-body.js';
import { toSearchResponse, type SearchResponseBody } from '../search/search-response.js';
import { buildSuggestBody, parseSuggestParams, toSuggestResponse, type SuggestResponseBody } from '../search/suggest.js';
import type { ProductSource } from '../search/product-hit.js';
import { parseMultiQueryBody } from '../instantsearch/request.js';
import { bodyForPlan, planInstantSearch } from '../instantsearch/plan.js';
import type { SearchPlan } from '../search/search-body.js';
import { understandQuery, type QueryUnderstanding } from '../search/relevance.js';
import type { Lexicon } from '../../common/text/lexicon.js';
import type { Language } from '../../common/text/languages.js';
import { toAlgoliaResult, toFacetSearchResult } from '../instantsearch/response.js';

export interface RouteContext {
  /** The tenant's alias: the only index a request can read. */
  index: string;
  es: ElasticsearchHttp;
  synonyms: SynonymIndex;
  /** The tenant's catalog vocabulary (typos, split words, compounds, class intent). */
  lexicon: Lexicon;
  language: Language;
  query: URLSearchParams;
  body: string | undefined;
}

export async function searchRoute(ctx: RouteContext): Promise<SearchResponseBody> {
  const request = parseSearchParams(ctx.query);
  const plan = planSearch(request, ctx.lexicon, ctx.language);
  const response = await ctx.es.search<ProductSource>(ctx.index, buildSearchBody(plan, ctx.synonyms));
  return toSearchResponse(request, plan, response);
}

export async function suggestRoute(ctx: RouteContext): Promise<SuggestResponseBody> {
  const request = parseSuggestParams(ctx.query);
  const response = await ctx.es.search<ProductSource>(ctx.index, buildSuggestBody(request));
  return toSuggestResponse(request, response);
}

export async function instantSearchRoute(ctx: RouteContext): Promise<{ results: unknown[] }> {
  const queries = parseMultiQueryBody(ctx.body);
  const started = performance.now();
  // A multi-query usually repeats one text (the hits query and its disjunctive facet queries): read it once.
  const understood = new Map<string, QueryUnderstanding | undefined>();
  const understand = (text: string) => {
    if (!understood.has(text)) understood.set(text, understandQuery(text, ctx.lexicon, ctx.language));
    return understood.get(text);
  };
  const plans = queries.map((query) => planInstantSearch(query, understand(query.query)));
  const responses = await ctx.es.msearch<ProductSource>(ctx.index, queries.map((query, i) => bodyForPlan(query, plans[i] as SearchPlan, ctx.synonyms)));
  const processingTimeMS = Math.round(performance.now() - started);
  return {
    results: queries.map((query, i) => {
      const response = responses[i] as (typeof responses)[number];
      return query.facetSearch ? toFacetSearchResult(query, response, processingTimeMS) : toAlgoliaResult(query, plans[i] as SearchPlan, response, processingTimeMS);
    }),
  };
}
