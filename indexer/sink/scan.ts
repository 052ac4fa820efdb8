/**
 * Every document of an index, page by page in id order (search_after over
 * the `id` keyword): bounded memory and no scroll context to clean up.
 */
import type { Client, estypes } from '@elastic/elasticsearch';

export async function* scanIndex<T>(
  es: Client,
  index: string,
  fields: Pick<estypes.SearchRequest, '_source' | 'docvalue_fields'>,
  pageSize: number,
): AsyncGenerator<estypes.SearchHit<T>> {
  let after: estypes.SortResults | undefined;
  for (;;) {
    const response = await es.search<T>({
      index,
      size: pageSize,
      ...fields,
      sort: [{ id: 'asc' }],
      ...(after ? { search_after: after } : {}),
      query: { match_all: {} },
    });
    const hits = response.hits.hits;
    yield* hits;
    if (hits.length < pageSize) return;
    after = hits.at(-1)?.sort;
  }
}
