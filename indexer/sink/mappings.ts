/** The JSON files in mappings/, the single source of truth for index settings and mappings. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { estypes } from '@elastic/elasticsearch';

export interface IndexDefinition {
  settings: estypes.IndicesIndexSettings;
  mappings: estypes.MappingTypeMapping;
}

const MAPPINGS_DIR = process.env.LAMBDA_TASK_ROOT
  ? join(process.env.LAMBDA_TASK_ROOT, 'mappings')
  : join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'mappings');

export function readIndexDefinition(name: 'products' | 'indexer-state' | 'failed-items' | 'lexicon'): IndexDefinition {
  return JSON.parse(readFileSync(join(MAPPINGS_DIR, `${name}.json`), 'utf8')) as IndexDefinition;
}
