/**
 * Runs search plans against Elasticsearch in one round trip, and hands back
 * ordinary search responses.
 *
 * A catalog too small for sampling to matter gets one body per plan (hits,
 * exact total, facets), all plans in one `_msearch`. A large one (see
 * facet-sample.ts) gets two searches per plan in that `_msearch`, which
 * Elasticsearch runs side by side: the hits without a total (so it can skip
 * products that cannot reach the page), and the facets with the exact total,
 * counted over a random sample when the lexicon expects many matches
 * (match-estimate.ts). A sample that comes out under half its intended size
 * (the words occur together far more than the estimate allows for) is drawn
 * again at the rate the real total gives: a second round trip, rarely.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { SynonymIndex } from '../../common/text/synonyms.js';
import type { ElasticsearchHttp } from '../transport/elasticsearch-http.js';
import { mayNeedSampling, resampleProbability, sampleProbability, unwrapSample } from './facet-sample.js';
import { REFINED_TOTAL_AGGREGATION, searchBodies, type SearchBodies, type SearchPlan } from './search-body.js';
import type { ProductSource } from './product-hit.js';
import { totalHits } from './search-response.js';

export interface SearchItem {
  plan: SearchPlan;
  /** Sent as it is instead of the plan's bodies (the InstantSearch facet-value search). */
  body?: estypes.SearchRequest;
  /** This item's synonyms, when not the request's (InstantSearch's `synonyms: false`). */
  synonyms?: SynonymIndex;
}

export interface SearchOutcome {
  /** Hits, exact total and facets, as one search would answer; `took` is the Elasticsearch time of every request made. */
  response: estypes.SearchResponse<ProductSource>;
  /** False when the facet counts are estimated from a sample. */
  facetsExhaustive: boolean;
}

export interface StrategyOptions {
  synonyms: SynonymIndex;
  /** Products in the tenant's catalog (the lexicon's count); 0 when unknown. */
  catalogSize: number;
  /** About how many matches facets are counted over, at most (FACET_SAMPLE_SIZE). */
  facetSampleSize: number;
  /** The request's budget (SEARCH_TIMEOUT_MS): every round trip below spends from it. */
  signal?: AbortSignal | undefined;
}

type Response = estypes.SearchResponse<ProductSource>;

/**
 * Equal scores are ordered by index position, which differs between copies
 * of a shard: one query always reads the same copy, so its pages never
 * repeat or skip a product. Different queries still spread over the copies.
 */
export function copyPreference(items: readonly SearchItem[]): string {
  const text = items[0]?.plan.query.trim().toLowerCase() ?? '';
  return `q:${text.slice(0, 200)}`;
}

export async function runSearches(es: ElasticsearchHttp, index: string, items: readonly SearchItem[], options: StrategyOptions): Promise<SearchOutcome[]> {
  const preference = copyPreference(items);
  const large = mayNeedSampling(options.catalogSize, options.facetSampleSize);
  const requests: estypes.SearchRequest[] = [];
  const slots = items.map((item) => {
    // A body sent as it is needs nothing built from its plan.
    const bodies = item.body ? undefined : searchBodies(item.plan, item.synonyms ?? options.synonyms);
    if (!large || !bodies?.hasFacets) {
      requests.push(item.body ?? (bodies as SearchBodies).full());
      return { kind: 'single' as const, at: requests.length - 1 };
    }
    // Browsing (no words) matches the whole catalog.
    const probability = sampleProbability(item.plan.understanding?.matches ?? options.catalogSize, options.facetSampleSize);
    const hits = item.plan.size > 0 ? requests.push(bodies.hits()) - 1 : undefined;
    const facets = requests.push(bodies.facets(probability, { total: true })) - 1;
    return { kind: 'split' as const, bodies, probability, hits, facets };
  });
  const responses = await send(es, index, requests, preference, options.signal);

  // Per large-catalog plan: the exact total (refinements applied), and the facets with the rate they were counted at.
  const counted = slots.map((slot) => {
    if (slot.kind === 'single') return undefined;
    const answer = responses[slot.facets] as Response;
    const { [REFINED_TOTAL_AGGREGATION]: refined, ...facets } = answer.aggregations ?? {};
    const total = refined ? (refined as estypes.AggregationsFilterAggregate).doc_count : totalHits(answer);
    return { total, matches: totalHits(answer), facets, probability: slot.probability, took: answer.took };
  });
  const redraw = slots.flatMap((slot, i) => {
    const c = counted[i];
    const probability = c && resampleProbability(c.probability, c.matches, options.facetSampleSize);
    return slot.kind === 'split' && c && probability !== undefined ? [{ c, probability, body: slot.bodies.facets(probability) }] : [];
  });
  if (redraw.length > 0) {
    const again = await send(es, index, redraw.map((r) => r.body), preference, options.signal);
    redraw.forEach(({ c, probability }, i) => {
      const answer = again[i] as Response;
      Object.assign(c, { facets: answer.aggregations ?? {}, probability, took: c.took + answer.took });
    });
  }

  return slots.map((slot, i): SearchOutcome => {
    if (slot.kind === 'single') return { response: responses[slot.at] as Response, facetsExhaustive: true };
    const c = counted[i] as NonNullable<(typeof counted)[number]>;
    const hits = slot.hits === undefined ? (responses[slot.facets] as Response) : (responses[slot.hits] as Response);
    return {
      response: {
        ...hits,
        took: c.took + (slot.hits === undefined ? 0 : hits.took),
        hits: { ...hits.hits, total: { value: c.total, relation: 'eq' } },
        aggregations: unwrapSample(c.facets),
      },
      facetsExhaustive: c.probability === 1,
    };
  });
}

/** One body goes to `_search`, as a client would send it; several to one `_msearch`. */
async function send(es: ElasticsearchHttp, index: string, bodies: estypes.SearchRequest[], preference: string, signal: AbortSignal | undefined): Promise<Response[]> {
  if (bodies.length === 1) return [await es.search<ProductSource>(index, bodies[0] as estypes.SearchRequest, { preference, signal })];
  return es.msearch<ProductSource>(index, bodies, { preference, signal });
}
