/**
 * Pure: every Elasticsearch name the product uses, derived from the index
 * prefix and tenant id. Search reads only `productsAlias`; the indexer
 * builds `<alias>-<timestamp>` indices behind it.
 */
export interface IndexNames {
  productsAlias: string;
  versionedIndexPattern: string;
  failedItemsIndex: string;
  stateIndex: string;
}

export function indexNames(prefix: string, tenant: string): IndexNames {
  const productsAlias = `${prefix}-products-${tenant}`;
  return {
    productsAlias,
    versionedIndexPattern: `${productsAlias}-v*`,
    failedItemsIndex: `${prefix}-failed-items-${tenant}`,
    stateIndex: `${prefix}-indexer-state`,
  };
}

/** `commerce-products-demo-v20261122t123000123z`: sortable, unique per millisecond. */
export function versionedIndexName(alias: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '').toLowerCase();
  return `${alias}-v${stamp}`;
}
