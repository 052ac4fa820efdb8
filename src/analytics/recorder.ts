/**
 * Records searches and shopper events without slowing a search: `record`
 * only appends to a bounded in-memory queue; after a response is built,
 * `afterResponse` starts one `_bulk` write of what is queued when enough has
 * gathered or it has waited long enough, and nobody awaits it. (In Lambda
 * the write goes out as the invocation ends and its answer is read when the
 * container next runs.)
 *
 * Loss bound: a search never fails or waits for analytics. If Elasticsearch
 * is down or slow, what is queued (at most `maxQueue` documents, plus one
 * batch in flight) is lost and counted as dropped; a container that is shut
 * down loses what it had queued. Nothing else is lost.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { analyticsIndex, type AnalyticsKind, type EventRecord, type SearchRecord } from '../../common/contract/analytics.js';

export interface RecorderOptions {
  /** Documents kept waiting at most; more are dropped (and counted). */
  maxQueue: number;
  /** Documents that start a write. */
  batch: number;
  /** How long the oldest document waits at most before a write starts (at the next response). */
  maxWaitMs: number;
  now?: () => number;
}

/** Writes NDJSON bulk lines; answers how many items failed. */
export type BulkWrite = (ndjson: string) => Promise<{ failed: number }>;

interface Queued {
  index: string;
  doc: SearchRecord | EventRecord;
}

export class AnalyticsRecorder {
  private queue: Queued[] = [];
  private oldestAt = 0;
  private writing: Promise<void> | undefined;
  private readonly now: () => number;
  readonly stats = { recorded: 0, written: 0, dropped: 0 };

  constructor(
    private readonly write: BulkWrite,
    private readonly indexPrefix: string,
    private readonly logger: Logger,
    private readonly options: RecorderOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** O(1), never throws, never waits. */
  record(kind: AnalyticsKind, doc: SearchRecord | EventRecord): void {
    if (this.queue.length >= this.options.maxQueue) {
      this.stats.dropped += 1;
      return;
    }
    if (this.queue.length === 0) this.oldestAt = this.now();
    this.queue.push({ index: analyticsIndex(this.indexPrefix, doc.tenant, kind, new Date(doc.at)), doc });
    this.stats.recorded += 1;
  }

  /** Starts a write when one is due and none is under way (that one starts the next when it ends); returns at once. */
  afterResponse(): void {
    if (this.writing || !this.due()) return;
    void this.flush();
  }

  private due(): boolean {
    return this.queue.length > 0 && (this.queue.length >= this.options.batch || this.now() - this.oldestAt >= this.options.maxWaitMs);
  }

  /** Writes everything queued (and waits for a write under way first). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const ndjson = `${batch.map(({ index, doc }) => `${JSON.stringify({ create: { _index: index } })}\n${JSON.stringify(doc)}`).join('\n')}\n`;
    // Through a promise even if `write` throws at once: a write can fail, never the caller.
    this.writing = Promise.resolve()
      .then(() => this.write(ndjson))
      .then(({ failed }) => {
        this.stats.written += batch.length - failed;
        this.stats.dropped += failed;
        if (failed > 0) this.logger.warn('analytics documents not written', { failed, of: batch.length });
      })
      .catch((error: unknown) => {
        this.stats.dropped += batch.length;
        this.logger.warn('analytics not written: Elasticsearch unavailable; these are lost (searches are not)', { lost: batch.length, error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        this.writing = undefined;
        // What was queued during this write, if already due, goes next (no later response may come to start it).
        if (this.due()) void this.flush();
      });
    await this.writing;
  }
}
