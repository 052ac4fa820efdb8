/** The JSON files in mappings/, the single source of truth for index settings and mappings. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { estypes } from '@elastic/elasticsearch';

export interface IndexDefinition {
  settings: estypes.IndicesIndexSettings;
  mappings: estypes.MappingTypeMapping;
}

// The Lambda task root's mappings/ when it has them, else two levels up from this module (the source tree,
// and the bundle's indexer/handlers/ alike).
const MAPPINGS_DIR =
  [...(process.env.LAMBDA_TASK_ROOT ? [join(process.env.LAMBDA_TASK_ROOT, 'mappings')] : []), join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'mappings')].find(
    (dir) => existsSync(join(dir, 'products.json')),
  ) ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'mappings');

export function readIndexDefinition(name: 'products' | 'indexer-state' | 'failed-items' | 'lexicon'): IndexDefinition {
  return JSON.parse(readFileSync(join(MAPPINGS_DIR, `${name}.json`), 'utf8')) as IndexDefinition;
}
