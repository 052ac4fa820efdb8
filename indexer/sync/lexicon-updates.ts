/**
 * The lexicon as fresh as the documents: every write to the live index
 * records what it changes in the lexicon's delta document (see
 * common/text/lexicon-delta.ts), which search lays over the stored lexicon
 * within its next refresh. A product a sync adds is then found by its own
 * words, compounds and class within the minute, not at the next full build.
 *
 * Per page this costs one multi-get (the indexed copies the page replaces,
 * only the fields the lexicon reads) and one small document write. The
 * delta grows only until the next full build (a swap, or hourly
 * reconciliation), which starts a new one; past MAX_DELTA_WORDS the run
 * builds the lexicon again instead.
 */
import { errors } from '@elastic/elasticsearch';
import { LEXICON_DELTA_DOCUMENT_ID, LEXICON_DOCUMENT_ID, type StoredLexicon, type StoredLexiconDelta } from '../../common/contract/index-names.js';
import { LexiconDelta } from '../../common/text/lexicon-delta.js';
import type { LexiconProduct } from '../../common/text/lexicon.js';
import type { ProductAction } from '../transform/to-document.js';
import type { TenantContext } from './context.js';
import { LEXICON_SOURCE_FIELDS, lexiconProductOf, type LexiconSourceFields } from './lexicon.js';

/** Words a delta may change before the run builds the lexicon again instead (a mass edit, a big import). */
export const MAX_DELTA_WORDS = 20_000;

type Write = Exclude<ProductAction, { kind: 'invalid' }>;

interface Recording {
  /** The stored lexicon's built_at: the delta applies to that lexicon only. */
  base: string;
  delta: LexiconDelta;
}

export class LexiconUpdates {
  /** undefined: not read yet; null: no lexicon stored (the run builds one at its end, nothing to record against). */
  private recording: Promise<Recording | null> | undefined;
  /** Saves in order: pages are written concurrently, the stored delta must be the latest. */
  private saving: Promise<void> = Promise.resolve();
  /** The delta outgrew MAX_DELTA_WORDS: the run should build the lexicon again. */
  oversized = false;

  constructor(private readonly ctx: Pick<TenantContext, 'es' | 'names' | 'language' | 'lease' | 'logger'>) {}

  /** The indexed copies of `ids`, before a page replaces or deletes them (none when there is no lexicon to update). */
  async indexedCopies(index: string, ids: readonly string[]): Promise<Map<string, LexiconProduct> | undefined> {
    if (ids.length === 0 || !(await this.current())) return undefined;
    const response = await this.ctx.es.mget<LexiconSourceFields>({ index, ids: [...ids], _source: LEXICON_SOURCE_FIELDS });
    const copies = new Map<string, LexiconProduct>();
    for (const doc of response.docs) if ('found' in doc && doc.found && doc._source) copies.set(doc._id, lexiconProductOf(doc._source));
    return copies;
  }

  /**
   * A page was written: the copies it replaced leave the lexicon, the documents it wrote come in. Only
   * `changed` ids count (a write refused as older than the indexed copy changed nothing).
   */
  async record(before: ReadonlyMap<string, LexiconProduct> | undefined, writes: readonly Write[], changed: readonly string[]): Promise<void> {
    const recording = before && (await this.current());
    if (!recording || changed.length === 0) return;
    const changedIds = new Set(changed);
    for (const write of writes) {
      if (!changedIds.has(write.id)) continue;
      const previous = before.get(write.id);
      if (previous) recording.delta.remove(previous);
      if (write.kind === 'index') recording.delta.add(lexiconProductOf(write.document));
    }
    const words = recording.delta.size;
    if (words > MAX_DELTA_WORDS) this.oversized = true;
    const document: StoredLexiconDelta = { base: recording.base, updated_at: new Date().toISOString(), word_count: words, delta: recording.delta.toData() };
    const save = this.saving.then(async () => {
      await this.ctx.lease.fence(); // only the lock's holder writes the tenant's state
      // Visible to search at once (search reads it by a query): a tiny index, refreshed once per page.
      await this.ctx.es.index({ index: this.ctx.names.lexiconIndex, id: LEXICON_DELTA_DOCUMENT_ID, document, refresh: true });
    });
    this.saving = save.catch(() => {});
    await save;
  }

  /** A new lexicon was built: what is recorded from here on is against it. */
  rebuilt(): void {
    this.recording = undefined;
    this.oversized = false;
  }

  private current(): Promise<Recording | null> {
    if (!this.recording) {
      const reading = this.read();
      // A failed read is tried again by the next page, not remembered.
      reading.catch(() => {
        if (this.recording === reading) this.recording = undefined;
      });
      this.recording = reading;
    }
    return this.recording;
  }

  private async read(): Promise<Recording | null> {
    const { lexiconIndex } = this.ctx.names;
    let docs;
    try {
      ({ docs } = await this.ctx.es.mget<Partial<StoredLexicon & StoredLexiconDelta>>({
        index: lexiconIndex,
        docs: [
          { _id: LEXICON_DOCUMENT_ID, _source: ['built_at'] },
          { _id: LEXICON_DELTA_DOCUMENT_ID, _source: ['base', 'delta'] },
        ],
      }));
    } catch (error) {
      if (error instanceof errors.ResponseError && error.meta.statusCode === 404) return null; // no lexicon index yet
      throw error;
    }
    const [lexicon, stored] = docs.map((doc) => ('found' in doc && doc.found ? doc._source : undefined));
    const base = lexicon?.built_at;
    if (!base) return null;
    const continues = stored?.base === base && stored.delta;
    return { base, delta: new LexiconDelta(this.ctx.language, continues ? stored.delta : undefined) };
  }
}
