/**
 * What a search container pays to take in the catalog's vocabulary changes,
 * side by side on one generated catalog of about 100k words:
 *   - rebuild: parse the stored lexicon and build its lookups (a full build,
 *     after a swap or the hourly reconciliation);
 *   - delta: parse an incremental sync's delta and lay it over the parsed
 *     lexicon (every minute while products change), for 100, 1,000 and
 *     10,000 changed products;
 *   - lookups per query word on the lexicon with and without a delta.
 * Pure CPU: no Elasticsearch.
 */
import type { ProductInput } from '../local/commerce-api/catalog.js';
import { seededRandom } from '../local/commerce-api/seed.js';
import { LexiconBuilder, Lexicon, type LexiconProduct } from '../common/text/lexicon.js';
import { LexiconDelta } from '../common/text/lexicon-delta.js';

export interface LexiconUpdateFigures {
  products: number;
  words: number;
  storedBytes: number;
  /** Parse + build of the stored lexicon, median ms. */
  rebuildMs: number;
  deltas: Array<{ changedProducts: number; deltaWords: number; deltaBytes: number; applyMs: number; ratioToRebuild: number }>;
  /** Mean µs per query word (frequency, class evidence, correction, compounds), without and with the 1,000-product delta. */
  lookupMicros: { base: number; overlaid: number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function timed(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

export function benchLexiconUpdates(templates: readonly ProductInput[], products = 100_000): LexiconUpdateFigures {
  const random = seededRandom(5);
  const letters = 'abcdefghijklmnoprstuvy';
  const word = () => Array.from({ length: 5 + Math.floor(random() * 6) }, () => letters[Math.floor(random() * letters.length)]).join('');
  // A real product's name, class and categories, plus one made-up word: about one new word per product.
  const catalog = (count: number): LexiconProduct[] =>
    Array.from({ length: count }, (_, i) => {
      const template = templates[i % templates.length] as ProductInput;
      return { name: `${template.name} ${word()}`, productClass: template.productClass, category: template.categoryPath.at(-1) ?? null, brand: template.brand, categoryPath: template.categoryPath };
    });
  const builder = new LexiconBuilder('en');
  const before = catalog(products);
  for (const product of before) builder.add(product);
  const stored = JSON.stringify(builder.build());
  const rebuildMs = timed(3, () => new Lexicon(JSON.parse(stored)));
  const base = new Lexicon(JSON.parse(stored));

  const deltas: LexiconUpdateFigures['deltas'] = [];
  let withThousand = base;
  for (const changedProducts of [100, 1_000, 10_000]) {
    const delta = new LexiconDelta('en');
    const changed = catalog(changedProducts);
    changed.forEach((product, i) => {
      delta.remove(before[i] as LexiconProduct);
      delta.add(product);
    });
    const json = JSON.stringify(delta.toData());
    const applyMs = timed(5, () => base.withDelta(JSON.parse(json)));
    deltas.push({ changedProducts, deltaWords: delta.size, deltaBytes: json.length, applyMs, ratioToRebuild: applyMs / rebuildMs });
    if (changedProducts === 1_000) withThousand = base.withDelta(JSON.parse(json));
  }

  const probes = Array.from({ length: 2_000 }, (_, i) => (i % 2 === 0 ? word() : (before[products - 1 - i]?.name.split(' ').at(-1) ?? word())));
  const perWord = (lexicon: Lexicon) =>
    (timed(3, () => {
      for (const probe of probes) {
        lexicon.frequency(probe);
        lexicon.classesFor([probe]);
        if (lexicon.frequency(probe) === 0) lexicon.closest(probe, 2);
        lexicon.endingWith(probe.slice(-4));
      }
    }) *
      1000) /
    probes.length;
  // Both warmed first (the JIT, the lazily sorted word lists), then measured.
  perWord(base);
  perWord(withThousand);
  return {
    products,
    words: Object.keys(JSON.parse(stored).words).length,
    storedBytes: stored.length,
    rebuildMs,
    deltas,
    lookupMicros: { base: perWord(base), overlaid: perWord(withThousand) },
  };
}
