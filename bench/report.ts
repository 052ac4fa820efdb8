/** The bench report: a markdown table, a machine-readable JSON document with the ratios, and SVG plots. */
import type { CodeTiming } from './code-only.js';
import type { BundleFigures } from './cold-start.js';
import type { IndexerFigures } from './indexer.js';
import type { LoadResult, SequentialTimings } from './load.js';
import type { ScaleFigures } from './scale.js';
import type { LexiconUpdateFigures } from './lexicon-updates.js';
import type { MerchandisingFigures } from './merchandising.js';
import type { IndexerScaleFigures, RunFigures } from './indexer-scale.js';
import type { AnalyticsFigures } from './analytics.js';

export interface BenchResults {
  generatedAt: string;
  mode: 'full' | 'quick';
  machine: { cpus: number; memoryGb: number; node: string; elasticsearch: string };
  workload: { requests: number; byKind: Record<string, number>; products: number };
  search: Array<{ connections: number; ours: LoadResult; direct: LoadResult; ratios: { p99: number; requestsPerSecond: number } }>;
  sequential: { ours: SequentialTimings; direct: SequentialTimings; overheadMicros: { p50: number; p99: number } };
  ourCode: CodeTiming[];
  /** The same with click-aware lifts for every query (src/search/click-rescore.ts). */
  ourCodeWithClicks?: CodeTiming[];
  coldStart: { search: BundleFigures; searchWithSsmKey?: BundleFigures; bareClient: BundleFigures };
  indexer: IndexerFigures | null;
  /** The safety nets at scale under the time-scaled rate limit (indexer-scale.ts). */
  indexerScale: IndexerScaleFigures;
  soak: LoadResult[] | null;
  /** Search cost at catalog scale, ours vs plain BM25 with the same facets (scale.ts). */
  scale: ScaleFigures[];
  /** 200 rules and 500 synonyms vs none (merchandising.ts). */
  merchandising: MerchandisingFigures;
  /** A sync's lexicon delta laid over the parsed lexicon vs parsing a rebuilt one (lexicon-updates.ts). */
  lexiconUpdates: LexiconUpdateFigures;
  /** Insights events ingested and storage per million searches (analytics.ts). */
  analytics: AnalyticsFigures;
  targets: Array<{ name: string; target: string; measured: string; met: boolean }>;
}

export const TARGETS = {
  p99Ratio: 1.15,
  throughputRatio: 0.85,
  ourCodeMs: 0.3,
  initMs: 20,
  indexerRatio: 0.8,
  /** Our Elasticsearch time / a plain BM25 query with the same facets, mean and p99, at every catalog size. */
  elasticsearchCostRatio: 2,
  /** End-to-end p99 through our route on one connection at the largest catalog (1M products in a full run). */
  largeCatalogP99Ms: 50,
  /** Elasticsearch time of a search with 200 rules and 500 synonyms / with none. */
  merchandisingCostRatio: 1.2,
  /** Laying a 1,000-product sync's lexicon delta over the lexicon / parsing and building the lexicon again. */
  lexiconDeltaRatio: 0.1,
  /** Lexicon lookups per query word with a delta laid over / without. */
  lexiconLookupRatio: 1.2,
};

export function evaluateTargets(r: Omit<BenchResults, 'targets'>): BenchResults['targets'] {
  const targets: BenchResults['targets'] = [];
  for (const level of r.search) {
    targets.push({
      name: `p99 ours/direct at ${level.connections} connections`,
      target: `≤ ${TARGETS.p99Ratio}`,
      measured: level.ratios.p99.toFixed(2),
      met: level.ratios.p99 <= TARGETS.p99Ratio,
    });
    targets.push({
      name: `req/s ours/direct at ${level.connections} connections`,
      target: `≥ ${TARGETS.throughputRatio}`,
      measured: level.ratios.requestsPerSecond.toFixed(2),
      met: level.ratios.requestsPerSecond >= TARGETS.throughputRatio,
    });
  }
  const errors = [...r.search.flatMap((l) => [l.ours.errors, l.direct.errors]), ...(r.soak ?? []).map((s) => s.errors)].reduce((a, b) => a + b, 0);
  targets.push({ name: 'errors (all load runs)', target: '0', measured: String(errors), met: errors === 0 });
  const all = r.ourCode.find((t) => t.kind === 'all');
  if (all) targets.push({ name: 'our code per request (mean)', target: `≤ ${TARGETS.ourCodeMs} ms`, measured: `${(all.mean / 1000).toFixed(3)} ms`, met: all.mean / 1000 <= TARGETS.ourCodeMs });
  const withClicks = r.ourCodeWithClicks?.find((t) => t.kind === 'all');
  if (all && withClicks) {
    const added = (withClicks.mean - all.mean) / 1000;
    targets.push({ name: 'our code added by click-aware lifts on every query (mean)', target: '≤ 0.1 ms', measured: `${added.toFixed(3)} ms`, met: added <= 0.1 });
  }
  targets.push({
    name: 'search module init (median)',
    target: `≤ ${TARGETS.initMs} ms`,
    measured: `${r.coldStart.search.initMedianMs.toFixed(1)} ms`,
    met: r.coldStart.search.initMedianMs <= TARGETS.initMs,
  });
  if (r.indexer) {
    targets.push({ name: 'indexer / raw bulk documents/s', target: `≥ ${TARGETS.indexerRatio}`, measured: r.indexer.ratio.toFixed(2), met: r.indexer.ratio >= TARGETS.indexerRatio });
    const rl = r.indexer.rateLimited;
    targets.push({ name: 'requests used under the rate limit', target: `= ${rl.minimumRequests} (minimum)`, measured: String(rl.requestsUsed), met: rl.requestsUsed === rl.minimumRequests });
    targets.push({ name: '429s under the rate limit', target: '0', measured: String(rl.responses429), met: rl.responses429 === 0 });
  }
  for (const s of r.scale) {
    const at = `${s.products.toLocaleString('en-US')} products`;
    targets.push({
      name: `Elasticsearch time ours/plain BM25, mean, ${at}`,
      target: `≤ ${TARGETS.elasticsearchCostRatio}`,
      measured: s.elasticsearchMs.ratio.mean.toFixed(2),
      met: s.elasticsearchMs.ratio.mean <= TARGETS.elasticsearchCostRatio,
    });
    targets.push({
      name: `Elasticsearch time ours/plain BM25, p99, ${at}`,
      target: `≤ ${TARGETS.elasticsearchCostRatio}`,
      measured: s.elasticsearchMs.ratio.p99.toFixed(2),
      met: s.elasticsearchMs.ratio.p99 <= TARGETS.elasticsearchCostRatio,
    });
  }
  const largest = r.scale.at(-1);
  if (largest) {
    targets.push({
      name: `end-to-end p99, one connection, ${largest.products.toLocaleString('en-US')} products`,
      target: `≤ ${TARGETS.largeCatalogP99Ms} ms`,
      measured: `${largest.endToEndMs.ours.p99.toFixed(1)} ms`,
      met: largest.endToEndMs.ours.p99 <= TARGETS.largeCatalogP99Ms,
    });
  }
  const m = r.merchandising;
  targets.push({ name: `Elasticsearch time with ${m.rules} rules and ${m.synonymGroups} synonyms / none (mean)`, target: `≤ ${TARGETS.merchandisingCostRatio}`, measured: m.elasticsearch.ratio.tookMean.toFixed(2), met: m.elasticsearch.ratio.tookMean <= TARGETS.merchandisingCostRatio });
  targets.push({ name: `our code per request with ${m.rules} rules and ${m.synonymGroups} synonyms (mean)`, target: `≤ ${TARGETS.ourCodeMs} ms`, measured: `${(m.ourCode.with.mean / 1000).toFixed(3)} ms`, met: m.ourCode.with.mean / 1000 <= TARGETS.ourCodeMs });
  const mirrors = r.indexerScale.churn.afterReconciliation;
  const mirrored = mirrors.missing + mirrors.extra + mirrors.stale === 0;
  targets.push({ name: `alias = source after one full reindex with churn and the reconciliation that follows (${r.indexerScale.products.toLocaleString('en-US')} products)`, target: '0 differences', measured: String(mirrors.missing + mirrors.extra + mirrors.stale), met: mirrored });
  const thousand = r.lexiconUpdates.deltas.find((d) => d.changedProducts === 1_000);
  if (thousand) {
    targets.push({
      name: `lexicon: a 1,000-product sync's delta / a full lexicon build (${r.lexiconUpdates.words.toLocaleString('en-US')} words)`,
      target: `≤ ${TARGETS.lexiconDeltaRatio}`,
      measured: thousand.ratioToRebuild.toFixed(3),
      met: thousand.ratioToRebuild <= TARGETS.lexiconDeltaRatio,
    });
  }
  const lookupRatio = r.lexiconUpdates.lookupMicros.overlaid / Math.max(r.lexiconUpdates.lookupMicros.base, 1e-9);
  targets.push({ name: 'lexicon lookups per query word, with a delta / without', target: `≤ ${TARGETS.lexiconLookupRatio}`, measured: lookupRatio.toFixed(2), met: lookupRatio <= TARGETS.lexiconLookupRatio });
  return targets;
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)}`;

export function toMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(`# Bench (${r.mode}) — ${r.generatedAt}`, '');
  lines.push(`${r.machine.cpus} cores, ${r.machine.memoryGb} GiB, Node ${r.machine.node}, Elasticsearch ${r.machine.elasticsearch}. Workload: ${r.workload.requests} requests over ${r.workload.products} products (${Object.entries(r.workload.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}); every request is one Elasticsearch round trip, and "direct" sends the same bodies.`, '');
  lines.push('## Targets', '', '| target | goal | measured | met |', '| --- | --- | --- | --- |');
  for (const t of r.targets) lines.push(`| ${t.name} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
  lines.push('', '## Search path: our HTTP route vs the same Elasticsearch requests sent directly', '');
  lines.push('| connections | | req/s | p50 ms | p97.5 ms | p99 ms | errors |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const l of r.search) {
    lines.push(`| ${l.connections} | direct | ${l.direct.requestsPerSecond.toFixed(0)} | ${l.direct.p50} | ${l.direct.p97_5} | ${l.direct.p99} | ${l.direct.errors} |`);
    lines.push(`| | ours | ${l.ours.requestsPerSecond.toFixed(0)} | ${l.ours.p50} | ${l.ours.p97_5} | ${l.ours.p99} | ${l.ours.errors} |`);
    lines.push(`| | ratio | ${l.ratios.requestsPerSecond.toFixed(2)} | | | ${l.ratios.p99.toFixed(2)} | |`);
  }
  lines.push('', `Sequential, one connection, high-resolution clock (${r.sequential.ours.count} requests each): direct p50 ${ms(r.sequential.direct.p50 / 1000)} ms, p99 ${ms(r.sequential.direct.p99 / 1000)} ms; ours p50 ${ms(r.sequential.ours.p50 / 1000)} ms, p99 ${ms(r.sequential.ours.p99 / 1000)} ms; our added latency p50 ${r.sequential.overheadMicros.p50.toFixed(0)} µs, p99 ${r.sequential.overheadMicros.p99.toFixed(0)} µs.`);
  lines.push('', '## Our code alone (handler with recorded Elasticsearch answers)', '', '| request | n | mean µs | p50 µs | p99 µs |', '| --- | ---: | ---: | ---: | ---: |');
  for (const t of r.ourCode) lines.push(`| ${t.kind} | ${t.count} | ${t.mean.toFixed(0)} | ${t.p50.toFixed(0)} | ${t.p99.toFixed(0)} |`);
  lines.push('', '## Cold start', '', '| bundle | bundle KB | zip KB | init median ms | init p90 ms | runs |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const b of [r.coldStart.search, ...(r.coldStart.searchWithSsmKey ? [r.coldStart.searchWithSsmKey] : []), r.coldStart.bareClient]) {
    lines.push(`| ${b.name} | ${(b.bundleBytes / 1024).toFixed(0)} | ${(b.zipBytes / 1024).toFixed(0)} | ${b.initMedianMs.toFixed(1)} | ${b.initP90Ms.toFixed(1)} | ${b.runs} |`);
  }
  if (r.indexer) {
    const i = r.indexer;
    lines.push('', '## Indexer', '', `| | products | seconds | documents/s | peak RSS MB |`, '| --- | ---: | ---: | ---: | ---: |');
    lines.push(`| full reindex via the API (no limit) | ${i.products} | ${i.reindex.seconds.toFixed(1)} | ${i.reindex.documentsPerSecond.toFixed(0)} | ${i.reindex.peakRssMb?.toFixed(0) ?? 'n/a'} |`);
    lines.push(`| raw bulk of the same documents | ${i.products} | ${i.rawBulk.seconds.toFixed(1)} | ${i.rawBulk.documentsPerSecond.toFixed(0)} | |`);
    lines.push(`| ratio | | | ${i.ratio.toFixed(2)} | |`);
    const rl = i.rateLimited;
    lines.push('', `Under a ${rl.limit.requests} requests / ${rl.limit.windowSeconds} s limit (the platform's 100 / 300 s, scaled to fit a run): ${rl.products} products, page ${rl.pageSize}: ${rl.requestsUsed} requests used (minimum ${rl.minimumRequests}), ${rl.responses429} answered 429, ${rl.seconds.toFixed(1)} s.`);
    lines.push('', '| products | requests | 5-minute windows | projected wall time at 100 / 5 min |', '| ---: | ---: | ---: | ---: |');
    for (const p of i.projection) lines.push(`| ${p.products.toLocaleString('en-US')} | ${p.requests} | ${p.windows} | ${p.minutes < 1 ? `${(p.minutes * 60).toFixed(0)} s` : `${p.minutes.toFixed(1)} min`} |`);
  }
  const mm = r.merchandising;
  lines.push('', `## Merchandising: ${mm.rules} rules and ${mm.synonymGroups} synonym groups vs none`, '');
  lines.push(
    `Generated from the catalog and the workload's own query words: of ${mm.queries} queries, ${mm.queriesWithRules} fired at least one rule and ${mm.queriesWithSynonyms} had a synonym variant. ` +
      `Elasticsearch time, our bodies with the settings / without: mean ${mm.elasticsearch.ours.tookMean.toFixed(2)} / ${mm.elasticsearch.plain.tookMean.toFixed(2)} ms (${mm.elasticsearch.ratio.tookMean.toFixed(2)}×), p99 ${mm.elasticsearch.ours.tookP99} / ${mm.elasticsearch.plain.tookP99} ms. ` +
      `Our code per request: ${mm.ourCode.with.mean.toFixed(0)} µs with them, ${mm.ourCode.without.mean.toFixed(0)} µs without (p99 ${mm.ourCode.with.p99.toFixed(0)} / ${mm.ourCode.without.p99.toFixed(0)} µs).`,
  );
  const x = r.indexerScale;
  lines.push('', `## The indexer's safety nets at ${x.products.toLocaleString('en-US')} products, rate-limited (time-scaled)`, '');
  lines.push(
    `${x.limit.requests} requests per ${x.limit.scaledWindowSeconds} s (the platform's per 300 s, a hundredth of the wait), pages of ${x.pageSize}, sweeps at ${x.limit.sweepPercent}% of each window; the CLI in its own process. ` +
      'Projected: the windows the requests need at the real limit.',
    '',
    '| run | requests | of which sweep | minimum | wall s (scaled) | projected at 100 / 5 min | peak RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const row = (name: string, f: RunFigures) =>
    lines.push(`| ${name} | ${f.requests} | ${f.sweepRequests} | ${f.minimumRequests} | ${f.seconds.toFixed(1)} | ${f.projectedMinutes < 60 ? `${f.projectedMinutes.toFixed(0)} min` : `${(f.projectedMinutes / 60).toFixed(1)} h`} | ${f.peakRssMb?.toFixed(0) ?? 'n/a'} |`);
  row('full reindex', x.fullReindex);
  row('reconciliation sweep', x.reconciliation);
  row(`full reindex, ${x.churn.edited} edited and ${x.churn.deleted} deleted during it (verified by ${x.churn.reindex.verifiedBy ?? 'n/a'})`, x.churn.reindex);
  row('the reconciliation after it', x.churn.reconciliation);
  const held = (a: typeof x.churn.afterSwap) => `${a.missing} missing, ${a.extra} extra, ${a.stale} stale`;
  lines.push('', `The alias against the source after the swap: ${held(x.churn.afterSwap)}; after the reconciliation: ${held(x.churn.afterReconciliation)}.`);
  const an = r.analytics;
  lines.push('', '## Search analytics', '');
  lines.push(
    `POST /1/events (batches of ${10} clicks, 16 connections, ${an.events.seconds} s): ${an.events.perSecond.toFixed(0)} events/s, ` +
      `${an.events.recorded.toLocaleString('en-US')} of ${an.events.accepted.toLocaleString('en-US')} accepted events in Elasticsearch ` +
      `(the rest dropped by the bounded queue), ${an.events.errors} errors. ` +
      `Storage: ${(an.storage.bytesPerMillion / 2 ** 20).toFixed(0)} MB per million recorded searches (${an.storage.searches.toLocaleString('en-US')} written, force-merged).`,
  );
  const lu = r.lexiconUpdates;
  lines.push('', '## Lexicon updates: a sync\'s vocabulary changes vs a full lexicon build', '');
  lines.push(
    `${lu.products.toLocaleString('en-US')} products, ${lu.words.toLocaleString('en-US')} words, ${(lu.storedBytes / 1024).toFixed(0)} KB stored. ` +
      `A full build costs a search container ${lu.rebuildMs.toFixed(0)} ms (parse and lookups); an incremental sync's delta is laid over the parsed lexicon:`,
    '',
    '| changed products | delta words | delta KB | apply ms | / full build |',
    '| ---: | ---: | ---: | ---: | ---: |',
  );
  for (const d of lu.deltas) lines.push(`| ${d.changedProducts.toLocaleString('en-US')} | ${d.deltaWords.toLocaleString('en-US')} | ${(d.deltaBytes / 1024).toFixed(0)} | ${d.applyMs.toFixed(1)} | ${d.ratioToRebuild.toFixed(3)} |`);
  lines.push('', `Lookups per query word: ${lu.lookupMicros.base.toFixed(0)} µs without a delta, ${lu.lookupMicros.overlaid.toFixed(0)} µs with the 1,000-product one.`);
  if (r.scale.length > 0) {
    lines.push('', '## Search cost at catalog scale: our route vs a plain BM25 query with the same facets', '');
    lines.push(
      'Synthetic catalogs from the sample catalog\'s vocabulary, the 480 real queries, one connection, shard request cache off. ' +
        'Ours: Elasticsearch time summed over every request the route makes (on a large catalog the hits, and the facets with the exact total, ' +
        'facets over a sample of about 10,000 when the lexicon expects a query to match more than 20,000); plain: one search with exact facets.',
      '',
    );
    lines.push('| products | shards | ES took mean ms ours / plain | ratio | ES took p99 ms ours / plain | ratio | end-to-end p50 ms ours / plain | end-to-end p99 ms ours / plain | heap used / max MB | bytes / product |');
    lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const s of r.scale) {
      const e = s.elasticsearchMs;
      const t = s.endToEndMs;
      lines.push(
        `| ${s.products.toLocaleString('en-US')} | ${s.shards} | ${ms(e.ours.mean)} / ${ms(e.plain.mean)} | ${e.ratio.mean.toFixed(2)} | ${e.ours.p99} / ${e.plain.p99} | ${e.ratio.p99.toFixed(2)} | ` +
          `${ms(t.ours.p50)} / ${ms(t.plain.p50)} | ${ms(t.ours.p99)} / ${ms(t.plain.p99)} | ${s.heapUsedMb.toFixed(0)} / ${s.heapMaxMb.toFixed(0)} | ${s.bytesPerProduct.toFixed(0)} |`,
      );
    }
  }
  if (r.soak) {
    lines.push('', '## Soak: our route at 64 connections, consecutive 10 s windows', '', '| window | req/s | p50 ms | p99 ms | errors |', '| ---: | ---: | ---: | ---: | ---: |');
    r.soak.forEach((s, n) => lines.push(`| ${n + 1} | ${s.requestsPerSecond.toFixed(0)} | ${s.p50} | ${s.p99} | ${s.errors} |`));
  }
  return `${lines.join('\n')}\n`;
}

/* ---------- plots: small, dependency-free SVG ---------- */

function svg(width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="white"/>\n${body}\n</svg>\n`;
}

function axes(x0: number, y0: number, w: number, h: number, maxY: number, yLabel: string, xLabels: string[]): string {
  const parts = [`<line x1="${x0}" y1="${y0}" x2="${x0 + w}" y2="${y0}" stroke="#333"/>`, `<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y0 - h}" stroke="#333"/>`];
  for (let t = 0; t <= 4; t += 1) {
    const y = y0 - (h * t) / 4;
    parts.push(`<line x1="${x0 - 4}" y1="${y}" x2="${x0 + w}" y2="${y}" stroke="#eee"/><text x="${x0 - 8}" y="${y + 4}" text-anchor="end">${((maxY * t) / 4).toFixed(maxY < 10 ? 1 : 0)}</text>`);
  }
  xLabels.forEach((label, i) => parts.push(`<text x="${x0 + ((i + 0.5) * w) / xLabels.length}" y="${y0 + 18}" text-anchor="middle">${label}</text>`));
  parts.push(`<text x="14" y="${y0 - h / 2}" transform="rotate(-90 14 ${y0 - h / 2})" text-anchor="middle">${yLabel}</text>`);
  return parts.join('\n');
}

/** Lines over categories (connections, catalog sizes), with a legend. */
function linePlot(options: { title: string; yLabel: string; xLabel: string; labels: string[]; series: Array<{ values: number[]; color: string; label: string }> }): string {
  const [x0, y0, w, h] = [70, 300, 480, 250];
  const { labels } = options;
  const maxY = Math.max(1e-9, ...options.series.flatMap((s) => s.values)) * 1.1;
  const point = (i: number, v: number): [number, number] => [x0 + ((i + 0.5) * w) / Math.max(1, labels.length), y0 - (h * v) / maxY];
  const line = (values: number[], color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${values.map((v, i) => point(i, v).join(',')).join(' ')}"/>` +
    values.map((v, i) => `<circle cx="${point(i, v)[0]}" cy="${point(i, v)[1]}" r="3" fill="${color}"/>`).join('');
  return svg(
    600,
    360,
    [
      `<text x="300" y="24" text-anchor="middle" font-size="14">${options.title}</text>`,
      axes(x0, y0, w, h, maxY, options.yLabel, labels),
      `<text x="${x0 + w / 2}" y="${y0 + 40}" text-anchor="middle">${options.xLabel}</text>`,
      ...options.series.map((s) => line(s.values, s.color)),
      ...options.series.map((s, i) => `<rect x="${x0 + 10}" y="${40 + i * 16}" width="12" height="3" fill="${s.color}"/><text x="${x0 + 28}" y="${45 + i * 16}">${s.label}</text>`),
    ].join('\n'),
  );
}

export function throughputPlot(r: BenchResults): string {
  return linePlot({
    title: 'Throughput vs connections (req/s)',
    yLabel: 'requests / s',
    xLabel: 'connections',
    labels: r.search.map((l) => `${l.connections}`),
    series: [
      { values: r.search.map((l) => l.direct.requestsPerSecond), color: '#999', label: 'direct to Elasticsearch' },
      { values: r.search.map((l) => l.ours.requestsPerSecond), color: '#7a3e9d', label: 'our search route' },
    ],
  });
}

export function latencyPlot(r: BenchResults): string {
  const [x0, y0, w, h] = [70, 300, 600, 250];
  const maxY = Math.max(...r.search.flatMap((l) => [l.ours.p99, l.direct.p99])) * 1.1 || 1;
  const labels = r.search.map((l) => `${l.connections} conn.`);
  const group = w / labels.length;
  const bars: string[] = [];
  r.search.forEach((l, i) => {
    const series: Array<[number, string]> = [
      [l.direct.p50, '#ccc'],
      [l.direct.p99, '#888'],
      [l.ours.p50, '#cdb0e0'],
      [l.ours.p99, '#7a3e9d'],
    ];
    series.forEach(([value, color], j) => {
      const bw = group / 6;
      const x = x0 + i * group + bw * (j + 1);
      const bh = (h * value) / maxY;
      bars.push(`<rect x="${x}" y="${y0 - bh}" width="${bw - 2}" height="${bh}" fill="${color}"/>`);
    });
  });
  const legend = [
    ['#ccc', 'direct p50'],
    ['#888', 'direct p99'],
    ['#cdb0e0', 'ours p50'],
    ['#7a3e9d', 'ours p99'],
  ]
    .map(([color, label], i) => `<rect x="${x0 + 10 + i * 120}" y="36" width="12" height="12" fill="${color}"/><text x="${x0 + 28 + i * 120}" y="46">${label}</text>`)
    .join('');
  return svg(720, 340, [`<text x="360" y="22" text-anchor="middle" font-size="14">Latency by connections (ms)</text>`, axes(x0, y0, w, h, maxY, 'milliseconds', labels), ...bars, legend].join('\n'));
}

export function scalePlot(r: BenchResults): string {
  return linePlot({
    title: 'Elasticsearch time per search vs catalog size (mean ms)',
    yLabel: 'milliseconds',
    xLabel: 'products',
    labels: r.scale.map((s) => (s.products >= 1e6 ? `${s.products / 1e6}M` : `${s.products / 1e3}k`)),
    series: [
      { values: r.scale.map((s) => s.elasticsearchMs.plain.mean), color: '#999', label: 'plain BM25, same facets' },
      { values: r.scale.map((s) => s.elasticsearchMs.ours.mean), color: '#7a3e9d', label: "our route's query" },
    ],
  });
}
