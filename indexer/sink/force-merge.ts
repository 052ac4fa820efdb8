/**
 * Merges an index's shards into one segment each, as a task: a merge of
 * millions of products runs for minutes, longer than any one HTTP request
 * should wait, so it is started in the background and its task is awaited
 * a minute at a time.
 */
import { errors, type Client } from '@elastic/elasticsearch';

/** How long Elasticsearch waits per poll; the HTTP request allows three times that. */
const POLL_TIMEOUT = '30s';

export async function forceMergeToOneSegment(es: Client, index: string): Promise<void> {
  const started = (await es.indices.forcemerge({ index, max_num_segments: 1, wait_for_completion: false })) as { task?: string | number };
  if (started.task === undefined) return; // answered synchronously
  const task = String(started.task);
  for (;;) {
    const status = await es.tasks.get({ task_id: task, wait_for_completion: true, timeout: POLL_TIMEOUT }, { requestTimeout: 90_000, maxRetries: 0 }).catch((error: unknown) => {
      // A poll that ran out of time while the merge goes on (Elasticsearch's 408, or no answer at all from a
      // node busy merging a million products): the merge runs on in the background, so ask again.
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 408 || error instanceof errors.TimeoutError) return undefined;
      throw error;
    });
    if (status?.completed) {
      if (status.error) throw new Error(`force merge of ${index} failed: ${JSON.stringify(status.error).slice(0, 300)}`);
      return;
    }
  }
}
