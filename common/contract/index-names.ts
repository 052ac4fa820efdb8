/**
 * Pure: every Elasticsearch name the product uses, derived from the index
 * prefix and tenant id. Search reads only `productsAlias` and `lexiconIndex`
 * (the catalog vocabulary and its latest changes, see common/text/lexicon.ts
 * and lexicon-delta.ts); the indexer builds
 * `<alias>-<timestamp>` indices behind the alias and writes the lexicon.
 */
export interface IndexNames {
  productsAlias: string;
  versionedIndexPattern: string;
  failedItemsIndex: string;
  stateIndex: string;
  lexiconIndex: string;
  /** The merchant's settings (common/contract/merchandising.ts): the current version and every earlier one. */
  settingsIndex: string;
}

/** In `settingsIndex`: the current settings; version N is also kept as `settingsVersionId(N)`. */
export const SETTINGS_CURRENT_ID = 'current';
export const settingsVersionId = (version: number): string => `version-${version}`;

/** The lexicon's one document in `lexiconIndex`. */
export const LEXICON_DOCUMENT_ID = 'current';

/** The lexicon document as stored. */
export interface StoredLexicon {
  built_at: string;
  source_index: string;
  /** Words in `lexicon` (for status, read without the lexicon itself); absent in lexicons written before. */
  word_count?: number;
  /** Rare words left out to keep within MAX_LEXICON_WORDS (absent: none). */
  dropped_words?: number;
  lexicon: import('../text/lexicon.js').LexiconData;
}

/** The incremental syncs' changes to the lexicon since it was built: a second document in `lexiconIndex`. */
export const LEXICON_DELTA_DOCUMENT_ID = 'delta';

/** The delta document as stored. Search lays it over the lexicon only when `base` is that lexicon's `built_at`. */
export interface StoredLexiconDelta {
  base: string;
  updated_at: string;
  /** Words the delta changes (bounded: past a limit the indexer builds the lexicon again instead). */
  word_count: number;
  delta: import('../text/lexicon-delta.js').LexiconDeltaData;
}

export function indexNames(prefix: string, tenant: string): IndexNames {
  const productsAlias = `${prefix}-products-${tenant}`;
  return {
    productsAlias,
    versionedIndexPattern: `${productsAlias}-v*`,
    failedItemsIndex: `${prefix}-failed-items-${tenant}`,
    stateIndex: `${prefix}-indexer-state`,
    lexiconIndex: `${prefix}-lexicon-${tenant}`,
    settingsIndex: `${prefix}-settings-${tenant}`,
  };
}

/** `commerce-products-demo-v20261122t123000123z`: sortable, unique per millisecond. */
export function versionedIndexName(alias: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '').toLowerCase();
  return `${alias}-v${stamp}`;
}
