/**
 * Where the repository's data files are, for every command that reads them
 * (npm start, eval, bench, tests): nothing outside the clone is ever read.
 * See data/README.md for what each file is and its licence.
 */
import { fileURLToPath } from 'node:url';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const DATA_FILES = {
  /** 6,482 WANDS products: the `demo` tenant, eval and bench catalog. */
  sampleCatalog: here('./sample-catalog/products.tsv'),
  /** The 480 real WANDS shopper queries (load tests, demos). */
  shopperQueries: here('./wands/queries.tsv'),
  /** 318 of them with the product class the shopper aimed at (class precision@10). */
  classIntentQueries: here('./wands/class-intent-queries.tsv'),
  /** 15 graded development queries and their judgements. */
  devQueries: here('./wands/dev-queries.tsv'),
  devLabels: here('./wands/dev-labels.tsv'),
  /** Finnish and Swedish word forms from inflection tables (lemma, form, class): the normaliser's pass rate. */
  wordForms: { fi: here('./word-forms/fi.tsv'), sv: here('./word-forms/sv.tsv') },
} as const;
