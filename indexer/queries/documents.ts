/**
 * The GraphQL documents the indexer sends, read once from the .graphql files
 * beside this module (in the Lambda bundle they are packaged under the same
 * path, see serverless.yml `package.patterns`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where the .graphql files are: the Lambda task root (packaged under indexer/queries), beside this module
// (the source tree), or beside the bundle's folder (indexer/handlers/*.mjs → indexer/queries), so an
// unpacked zip works wherever it is run.
const here = dirname(fileURLToPath(import.meta.url));
const QUERIES_DIR =
  [...(process.env.LAMBDA_TASK_ROOT ? [join(process.env.LAMBDA_TASK_ROOT, 'indexer', 'queries')] : []), here, join(here, '..', 'queries')].find((dir) =>
    existsSync(join(dir, 'products.graphql')),
  ) ?? here;

const read = (file: string) => readFileSync(join(QUERIES_DIR, file), 'utf8');

export const PRODUCTS_DOCUMENT = read('products.graphql');
export const PRODUCT_IDS_DOCUMENT = read('product-ids.graphql');
