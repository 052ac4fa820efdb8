/**
 * Pure relevance metrics over graded judgements (WANDS: Exact = 1,
 * Partial = 0.5, Irrelevant = 0). Duplicate judgements of one (query,
 * product) keep the highest gain; unjudged results count 0.
 */
export const GAINS: Record<string, number> = { Exact: 1, Partial: 0.5, Irrelevant: 0 };

export type Judgements = Map<string, Map<string, number>>;

export function collectJudgements(rows: ReadonlyArray<{ queryId: string; productId: string; label: string }>): Judgements {
  const judgements: Judgements = new Map();
  for (const { queryId, productId, label } of rows) {
    const gain = GAINS[label];
    if (gain === undefined) throw new Error(`unknown label "${label}" for query ${queryId}, product ${productId}`);
    const forQuery = judgements.get(queryId) ?? new Map<string, number>();
    forQuery.set(productId, Math.max(gain, forQuery.get(productId) ?? 0));
    judgements.set(queryId, forQuery);
  }
  return judgements;
}

function dcg(gains: readonly number[], k: number): number {
  return gains.slice(0, k).reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
}

/** nDCG@k; 0 when the query has no relevant judgement (nothing can be found). */
export function ndcgAt(ranked: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  const ideal = dcg([...judged.values()].sort((a, b) => b - a), k);
  if (ideal === 0) return 0;
  return dcg(ranked.map((id) => judged.get(id) ?? 0), k) / ideal;
}

/** Share of the top k that is relevant (Exact or Partial); a short list still divides by k. */
export function precisionAt(ranked: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  return ranked.slice(0, k).filter((id) => (judged.get(id) ?? 0) > 0).length / k;
}

/** Share of the relevant judged products found in the top k. */
export function recallAt(ranked: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  const relevant = [...judged.values()].filter((gain) => gain > 0).length;
  if (relevant === 0) return 0;
  return ranked.slice(0, k).filter((id) => (judged.get(id) ?? 0) > 0).length / relevant;
}

export const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/**
 * Share of the top k whose product class contains the class the shopper aimed
 * at (WANDS `query_class`); a short list still divides by k.
 */
export function classPrecisionAt(ranked: readonly string[], classOf: ReadonlyMap<string, string>, intended: string, k: number): number {
  return ranked.slice(0, k).filter((id) => (classOf.get(id) ?? '').includes(intended)).length / k;
}
