/**
 * Creates a small bookkeeping index from its definition in mappings/ on first
 * use. Several processes may race to create it: the loser waits until the
 * winner's primary shard is active, so its first read cannot fail with
 * "no shard available".
 */
import { errors, type Client } from '@elastic/elasticsearch';
import { readIndexDefinition } from './mappings.js';

export async function ensureIndex(es: Client, index: string, definition: 'indexer-state' | 'failed-items' | 'lexicon'): Promise<void> {
  if (!(await es.indices.exists({ index }))) {
    const { settings, mappings } = readIndexDefinition(definition);
    try {
      await es.indices.create({ index, settings, mappings });
      return;
    } catch (error) {
      const alreadyExists = error instanceof errors.ResponseError && error.body?.error?.type === 'resource_already_exists_exception';
      if (!alreadyExists) throw error;
    }
  }
  // Not wait_for_status: Elasticsearch reports a new index whose primary is still initializing as yellow.
  await es.cluster.health({ index, wait_for_active_shards: 1, timeout: '30s' });
}

/** Memoises `ensureIndex` per store instance; a failed attempt is retried on the next call. */
export function ensureIndexOnce(es: Client, index: string, definition: 'indexer-state' | 'failed-items' | 'lexicon'): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () => {
    ready ??= ensureIndex(es, index, definition).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
}
