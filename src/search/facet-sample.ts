/**
 * Pure: when facets are counted over a random sample of the matches, and
 * how the sampled answer is read. A query matching hundreds of thousands of
 * products spends most of its time counting facets; a random sample of
 * about `sampleSize` matches gives the same top values with counts within a
 * few percent (Elasticsearch scales the counts up), as Algolia does with
 * `exhaustiveFacetsCount: false`. Totals stay exact: the facets' request
 * counts every match.
 */
import type { estypes } from '@elastic/elasticsearch';
import { FACET_SAMPLE_AGGREGATION } from './search-body.js';

/**
 * The share of the matches to count facets over: 1 (all of them) unless a
 * sample of `sampleSize` is less than half of them; Elasticsearch's
 * random_sampler takes a probability below 0.5, or exactly 1.
 */
export function sampleProbability(matches: number, sampleSize: number): number {
  const probability = sampleSize / Math.max(1, matches);
  return probability < 0.5 ? probability : 1;
}

/**
 * The rate to draw the facets' sample again at, when one drawn at
 * `probability` over the `matches` it turned out to have holds under half of
 * `sampleSize` (the estimate was far too high); undefined when it will do.
 */
export function resampleProbability(probability: number, matches: number, sampleSize: number): number | undefined {
  if (probability === 1 || probability * matches >= sampleSize / 2) return undefined;
  return sampleProbability(matches, sampleSize);
}

/** Whether a catalog is large enough that some query could be sampled: below that, one request does everything. */
export function mayNeedSampling(catalogSize: number, sampleSize: number): boolean {
  return catalogSize > 2 * sampleSize;
}

/** The facet aggregations with the sample's wrapper removed (the same shape as counted exactly). */
export function unwrapSample(aggregations: Record<string, estypes.AggregationsAggregate> | undefined): Record<string, estypes.AggregationsAggregate> {
  const sample = aggregations?.[FACET_SAMPLE_AGGREGATION] as (estypes.AggregationsAggregate & Record<string, unknown>) | undefined;
  if (!sample) return aggregations ?? {};
  const { doc_count: _count, seed: _seed, probability: _probability, meta: _meta, ...facets } = sample;
  return facets as Record<string, estypes.AggregationsAggregate>;
}
