/**
 * `npm run eval:nordic`: Finnish and Swedish end to end, on catalogs generated
 * from the word-form lemmas (data/word-forms; not the demo shops' names). Each
 * lemma (and one of its compounds) names six products of its own class; every
 * inflected form of the tables is searched through the real route of a local
 * stack; reported is recall@10 of the lemma's six products.
 */
import { randomBytes } from 'node:crypto';
import { startElasticsearch } from '../local/elasticsearch/launcher.js';
import { startStack } from '../local/stack.js';
import type { ProductInput } from '../local/commerce-api/catalog.js';
import { DATA_FILES } from '../data/files.js';
import { readTsv } from './tsv.js';

process.env.LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

type Row = { lemma: string; form: string; class: string };
const LANGUAGES = { gfi: 'fi', gsv: 'sv' } as const;
const PER_LEMMA = 6;
const BRANDS = ['Aro', 'Belo', 'Cira', 'Dovo', 'Eka'];
const COLOURS = { fi: ['harmaa', 'musta', 'valkoinen'], sv: ['grå', 'svart', 'vit'] };
/** Classes of modifiers and verbs of state, not product nouns: searched, never a product of their own. */
const NOT_NOUNS = new Set(['nen-adjective', 'adjective', 'si-de', 'compound', 'distinct']);

const rowsOf = (language: 'fi' | 'sv') => readTsv(DATA_FILES.wordForms[language], ['lemma', 'form', 'class']) as unknown as Row[];

function catalog(language: 'fi' | 'sv'): ProductInput[] {
  const rows = rowsOf(language);
  const nouns = [...new Set(rows.filter((row) => !NOT_NOUNS.has(row.class)).map((row) => row.lemma))];
  return nouns.flatMap((noun, t) => {
    const compound = rows.find((row) => row.class === 'compound' && row.lemma === noun)?.form;
    return Array.from({ length: PER_LEMMA }, (_, v): ProductInput => {
      const id = String(t * PER_LEMMA + v + 1);
      const word = compound && v % 2 === 1 ? compound : noun;
      return {
        id,
        sku: `G-${id}`,
        name: `${BRANDS[v % BRANDS.length]} ${word}, ${COLOURS[language][v % 3]}`,
        description: null,
        price: 10 + v,
        currency: 'EUR',
        categoryPath: ['Home', noun],
        productClass: [`${noun} (class)`],
        brand: BRANDS[v % BRANDS.length] ?? null,
        imageUrl: null,
        attributes: [],
      };
    });
  });
}

async function main(): Promise<void> {
  const elasticsearch = await startElasticsearch({ log: (m) => process.stderr.write(`  elasticsearch: ${m}\n`) });
  const tenants = Object.fromEntries(Object.entries(LANGUAGES).map(([tenant, language]) => [tenant, { products: catalog(language) }]));
  const languages = JSON.stringify(LANGUAGES);
  const stack = await startStack({
    tenants,
    elasticsearchEnv: elasticsearch.env,
    indexPrefix: `nordic${randomBytes(4).toString('hex')}`,
    rateLimit: { requests: 100_000, windowMs: 60_000 },
    indexerEnv: { TENANT_LANGUAGES: languages },
    searchEnv: { TENANT_LANGUAGES: languages },
  });
  try {
    for (const [tenant, language] of Object.entries(LANGUAGES) as Array<[keyof typeof LANGUAGES, 'fi' | 'sv']>) {
      const report = await stack.index(tenant, 'full');
      if (report.status !== 'succeeded') throw new Error(`indexing ${tenant} failed: ${report.error}`);
      const products = tenants[tenant]?.products ?? [];
      const classOf = new Map(products.map((p) => [p.id, p.productClass[0]]));
      const lemmas = new Set(products.map((p) => p.categoryPath[1]));
      const rows = rowsOf(language).filter((row) => !NOT_NOUNS.has(row.class) && lemmas.has(row.lemma));
      let recall = 0;
      for (const row of rows) {
        const response = await fetch(`${stack.searchUrl}/search?q=${encodeURIComponent(row.form)}&size=10`, { headers: { 'x-tenant-id': tenant } });
        const hits = ((await response.json()) as { hits: Array<{ id: string }> }).hits;
        recall += hits.filter((hit) => classOf.get(hit.id) === `${row.lemma} (class)`).length / PER_LEMMA;
      }
      console.log(`${language}: recall@10 of the lemma's products over ${rows.length} inflected forms of ${lemmas.size} nouns: ${(recall / rows.length).toFixed(3)}`);
    }
  } finally {
    await stack.close();
    await elasticsearch.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`eval:nordic failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
