/**
 * Pure: every Elasticsearch name the product uses, derived from the index
 * prefix and tenant id. Search reads only `productsAlias` and `lexiconIndex`
 * (the catalog vocabulary, see common/text/lexicon.ts); the indexer builds
 * `<alias>-<timestamp>` indices behind the alias and writes the lexicon.
 */
export interface IndexNames {
  productsAlias: string;
  versionedIndexPattern: string;
  failedItemsIndex: string;
  stateIndex: string;
  lexiconIndex: string;
}

/** The lexicon's one document in `lexiconIndex`. */
export const LEXICON_DOCUMENT_ID = 'current';

/** The lexicon document as stored. */
export interface StoredLexicon {
  built_at: string;
  source_index: string;
  /** Words in `lexicon` (for status, read without the lexicon itself); absent in lexicons written before. */
  word_count?: number;
  lexicon: import('../text/lexicon.js').LexiconData;
}

export function indexNames(prefix: string, tenant: string): IndexNames {
  const productsAlias = `${prefix}-products-${tenant}`;
  return {
    productsAlias,
    versionedIndexPattern: `${productsAlias}-v*`,
    failedItemsIndex: `${prefix}-failed-items-${tenant}`,
    stateIndex: `${prefix}-indexer-state`,
    lexiconIndex: `${prefix}-lexicon-${tenant}`,
  };
}

/** `commerce-products-demo-v20261122t123000123z`: sortable, unique per millisecond. */
export function versionedIndexName(alias: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '').toLowerCase();
  return `${alias}-v${stamp}`;
}
