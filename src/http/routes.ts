/**
 * The search API's routes: each parses its request, builds the Elasticsearch
 * request with pure functions, makes one round trip, and shapes the answer.
 */
import type { ElasticsearchHttp } from '../transport/elasticsearch-http.js';
import type { SynonymIndex } from '../../common/text/synonyms.js';
import { parseSearchParams } from '../search/search-request.js';
import { planSearch } from '../search/search-plan.js';
import { buildSearchBody } from '../search/search-body.js';
import { toSearchResponse, totalHits, type SearchResponseBody } from '../search/search-response.js';
import { buildSuggestBody, parseSuggestParams, toSuggestResponse, type SuggestResponseBody } from '../search/suggest.js';
import type { ProductSource } from '../search/product-hit.js';
import { parseMultiQueryBody, type InstantSearchQuery } from '../instantsearch/request.js';
import { canRelax } from '../search/relevance.js';
import { buildInstantSearchBody } from '../instantsearch/plan.js';
import { toAlgoliaResult, toFacetSearchResult } from '../instantsearch/response.js';

export interface RouteContext {
  /** The tenant's alias: the only index a request can read. */
  index: string;
  es: ElasticsearchHttp;
  synonyms: SynonymIndex;
  query: URLSearchParams;
  body: string | undefined;
}

export async function searchRoute(ctx: RouteContext): Promise<SearchResponseBody> {
  const request = parseSearchParams(ctx.query);
  const plan = planSearch(request);
  const response = await ctx.es.search<ProductSource>(ctx.index, buildSearchBody(plan, ctx.synonyms));
  // Nothing matched every word: try again needing fewer words (one more round trip, only for empty results).
  if (totalHits(response) === 0 && canRelax(request.query)) {
    const relaxed = { ...plan, relaxed: true };
    const retry = await ctx.es.search<ProductSource>(ctx.index, buildSearchBody(relaxed, ctx.synonyms));
    return { ...toSearchResponse(request, relaxed, retry), relaxed: true };
  }
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
  const responses = await ctx.es.msearch<ProductSource>(ctx.index, queries.map((query) => buildInstantSearchBody(query, ctx.synonyms)));
  // Queries that found nothing with every word get one relaxed retry, all in a second _msearch.
  const empty = queries.flatMap((query, i) => (!query.facetSearch && totalHits(responses[i] as (typeof responses)[number]) === 0 && canRelax(query.query) ? [i] : []));
  if (empty.length > 0) {
    const retries = await ctx.es.msearch<ProductSource>(ctx.index, empty.map((i) => buildInstantSearchBody(queries[i] as InstantSearchQuery, ctx.synonyms, true)));
    empty.forEach((position, j) => {
      responses[position] = retries[j] as (typeof responses)[number];
    });
  }
  const processingTimeMS = Math.round(performance.now() - started);
  return {
    results: queries.map((query, i) => {
      const response = responses[i] as (typeof responses)[number];
      return query.facetSearch ? toFacetSearchResult(query, response, processingTimeMS) : toAlgoliaResult(query, response, processingTimeMS);
    }),
  };
}
