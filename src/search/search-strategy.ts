/**
 * Runs search plans against Elasticsearch in as few round trips as the
 * catalog allows, and hands back ordinary search responses.
 *
 * A catalog too small for sampling to matter gets one body per plan (hits,
 * exact total, facets), all plans in one `_msearch`. A large one (see
 * facet-sample.ts) first counts each plan's matches (cheap: no scoring, no
 * facets), then sends the hits and the facets as separate searches in one
 * `_msearch`, which Elasticsearch runs side by side: the hits without a total
 * let it skip products that cannot reach the page, and the facets are
 * counted over a random sample when the matches are many.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { SynonymIndex } from '../../common/text/synonyms.js';
import type { ElasticsearchHttp } from '../transport/elasticsearch-http.js';
import { mayNeedSampling, sampleProbability, unwrapSample } from './facet-sample.js';
import { searchBodies, type SearchBodies, type SearchPlan } from './search-body.js';
import type { ProductSource } from './product-hit.js';
import { totalHits } from './search-response.js';

export interface SearchItem {
  plan: SearchPlan;
  /** Sent as it is instead of the plan's bodies (the InstantSearch facet-value search). */
  body?: estypes.SearchRequest;
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
  // A body sent as it is needs nothing built from its plan.
  const prepared = items.map((item) => {
    const bodies = item.body ? undefined : searchBodies(item.plan, options.synonyms);
    return { item, bodies, split: large && bodies?.hasFacets === true };
  });

  const toCount = prepared.filter((p) => p.split);
  const counts = toCount.length > 0 ? await send(es, index, toCount.map((p) => (p.bodies as SearchBodies).count()), preference) : [];
  const countOf = new Map(toCount.map((p, i) => [p, counts[i] as Response]));

  const requests: estypes.SearchRequest[] = [];
  const slots = prepared.map((p) => {
    if (!p.split || !p.bodies) {
      requests.push(p.item.body ?? (p.bodies as SearchBodies).full());
      return { kind: 'single' as const, at: requests.length - 1 };
    }
    const count = countOf.get(p) as Response;
    const probability = sampleProbability(totalHits(count), options.facetSampleSize);
    const hits = p.item.plan.size > 0 ? requests.push(p.bodies.hits()) - 1 : undefined;
    const facets = requests.push(p.bodies.facets(probability)) - 1;
    return { kind: 'split' as const, count, probability, hits, facets };
  });
  const responses = await send(es, index, requests, preference);

  return slots.map((slot): SearchOutcome => {
    if (slot.kind === 'single') return { response: responses[slot.at] as Response, facetsExhaustive: true };
    const facets = responses[slot.facets] as Response;
    const hits = slot.hits === undefined ? undefined : (responses[slot.hits] as Response);
    return {
      response: {
        ...(hits ?? facets),
        took: slot.count.took + facets.took + (hits?.took ?? 0),
        hits: { ...(hits ?? facets).hits, total: { value: totalHits(slot.count), relation: 'eq' } },
        aggregations: unwrapSample(facets.aggregations),
      },
      facetsExhaustive: slot.probability === 1,
    };
  });
}

/** One body goes to `_search`, as a client would send it; several to one `_msearch`. */
async function send(es: ElasticsearchHttp, index: string, bodies: estypes.SearchRequest[], preference: string): Promise<Response[]> {
  if (bodies.length === 1) return [await es.search<ProductSource>(index, bodies[0] as estypes.SearchRequest, { preference })];
  return es.msearch<ProductSource>(index, bodies, { preference });
}
