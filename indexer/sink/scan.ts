/**
 * Every document of an index (or those a query selects), page by page in a
 * total order (search_after: by default the `id` keyword): bounded memory
 * and no scroll context to clean up.
 */
import type { Client, estypes } from '@elastic/elasticsearch';

export interface ScanOptions {
  /** Default: every document. */
  query?: estypes.QueryDslQueryContainer;
  /** A total order for search_after; default: `id` ascending. */
  sort?: estypes.SortCombinations[];
  /** Stop after this many documents; default: all. */
  max?: number;
  /** An index (or pattern) that does not exist reads as empty instead of failing (analytics before any traffic). */
  missingIsEmpty?: boolean;
}

export async function* scanIndex<T>(
  es: Client,
  index: string,
  fields: Pick<estypes.SearchRequest, '_source' | 'docvalue_fields'>,
  pageSize: number,
  options: ScanOptions = {},
): AsyncGenerator<estypes.SearchHit<T>> {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  let after: estypes.SortResults | undefined;
  let read = 0;
  while (read < max) {
    const response = await es.search<T>({
      index,
      size: Math.min(pageSize, max - read),
      ...fields,
      sort: options.sort ?? [{ id: 'asc' }],
      ...(after ? { search_after: after } : {}),
      query: options.query ?? { match_all: {} },
      ...(options.missingIsEmpty ? { ignore_unavailable: true, allow_no_indices: true } : {}),
    });
    const hits = response.hits.hits;
    yield* hits;
    read += hits.length;
    if (hits.length < pageSize) return;
    after = hits.at(-1)?.sort;
  }
}
