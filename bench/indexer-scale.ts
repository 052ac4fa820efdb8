/**
 * The indexer's safety nets at catalog scale, under the platform's rate
 * limit time-scaled: 100 requests per 3 s instead of per 300 s (the same
 * request count per window, a hundredth of the wait). The real CLI runs in
 * its own process (peak RSS by GNU time) against the local API:
 *   1. a full reindex of the catalog;
 *   2. a reconciliation sweep of it (the sweeps' 25% share of each window);
 *   3. a second full reindex while 1% of the products are edited and 0.1%
 *      hard-deleted during its crawl: what the alias holds after its swap
 *      (verified by a sweep) and after the reconciliation that follows.
 * Requests used are set against the minimum, and wall time is projected to
 * the real limit: 300 s per window the run needed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Client } from '@elastic/elasticsearch';
import { generateProducts, seededRandom } from '../local/commerce-api/seed.js';
import { startStack } from '../local/stack.js';
import { indexNames } from '../common/contract/index-names.js';
import type { TenantState } from '../local/commerce-api/server.js';
import { pagesFor } from './indexer.js';

const run = promisify(execFile);

/** The platform's limit per window, and the time-scaled window. */
const LIMIT = 100;
const SCALED_WINDOW_MS = 3_000;
const REAL_WINDOW_SECONDS = 300;
const SWEEP_PERCENT = 25;

export interface RunFigures {
  requests: number;
  /** Of those, the sweep's (reconciliation, or the check before the swap). */
  sweepRequests: number;
  minimumRequests: number;
  seconds: number;
  /** Windows of 100 requests (or the sweeps' 25) the run spanned, at 300 s each. */
  projectedMinutes: number;
  peakRssMb: number | null;
  verifiedBy?: string | null;
}

export interface AliasFigures {
  missing: number;
  extra: number;
  stale: number;
}

export interface IndexerScaleFigures {
  products: number;
  pageSize: number;
  limit: { requests: number; scaledWindowSeconds: number; sweepPercent: number };
  fullReindex: RunFigures;
  reconciliation: RunFigures;
  churn: { edited: number; deleted: number; reindex: RunFigures; afterSwap: AliasFigures; reconciliation: RunFigures; afterReconciliation: AliasFigures };
}

async function cli(env: Record<string, string>, mode: '--full' | '--reconcile'): Promise<{ requests: number; sweepRequests: number; seconds: number; peakRssMb: number | null; verifiedBy: string | null }> {
  const { stdout, stderr } = await run('/usr/bin/time', ['-f', 'maxrss-kb %M', process.execPath, '--import', 'tsx', 'indexer/cli/reindex.ts', '--tenant', 'big', mode, '--no-progress'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120 * 60_000,
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`reindex CLI ${mode} failed: ${error.stdout ?? ''}${error.stderr ?? ''}`);
  });
  if (!/: succeeded/.test(stdout)) throw new Error(`reindex CLI ${mode} did not succeed: ${stdout}`);
  const rssKb = Number(/maxrss-kb (\d+)/.exec(stderr)?.[1]);
  return {
    requests: Number(/requests\s+(\d+)/.exec(stdout)?.[1]),
    sweepRequests: Number(/sweeps (\d+)/.exec(stdout)?.[1]),
    seconds: Number(/duration\s+([\d.]+) s/.exec(stdout)?.[1]),
    peakRssMb: Number.isFinite(rssKb) ? rssKb / 1024 : null,
    verifiedBy: /verified\s+.*by (an \(id, DateModified\) sweep|count)/.exec(stdout)?.[1] ?? null,
  };
}

/** The alias against the source's active products, by id and DateModified. */
async function compare(es: Client, alias: string, source: TenantState): Promise<AliasFigures> {
  await es.indices.refresh({ index: alias });
  const indexed = new Map<string, number>();
  let after: Array<string | number> | undefined;
  for (;;) {
    const response = await es.search({ index: alias, size: 10_000, _source: false, version: true, sort: [{ id: 'asc' }], ...(after ? { search_after: after } : {}), query: { match_all: {} } });
    for (const hit of response.hits.hits) indexed.set(hit._id as string, Number(hit._version));
    if (response.hits.hits.length < 10_000) break;
    after = response.hits.hits.at(-1)?.sort as Array<string | number>;
  }
  let missing = 0;
  let stale = 0;
  let active = 0;
  for (const product of source.catalog.all()) {
    if (!product.active) continue;
    active += 1;
    const version = indexed.get(product.id);
    if (version === undefined) missing += 1;
    else if (version !== Date.parse(product.dateModified)) stale += 1;
  }
  return { missing, extra: indexed.size - (active - missing), stale };
}

const projected = (requests: number, perWindow: number) => (Math.ceil(requests / perWindow) * REAL_WINDOW_SECONDS) / 60;

export async function benchIndexerScale(elasticsearchEnv: Record<string, string>, products: number, say: (m: string) => void): Promise<IndexerScaleFigures> {
  const prefix = `benchscale${Date.now().toString(36)}`;
  const stack = await startStack({
    // Stamped long ago, as an established catalog is: incremental syncs' overlap windows hold none of it.
    tenants: { big: { products: generateProducts(products, 21), seededAt: Date.parse('2026-01-01T00:00:00Z') } },
    elasticsearchEnv,
    indexPrefix: prefix,
    rateLimit: { requests: LIMIT, windowMs: SCALED_WINDOW_MS },
    indexerEnv: { SWEEP_RATE_PERCENT: String(SWEEP_PERCENT) },
  });
  const alias = indexNames(prefix, 'big').productsAlias;
  const source = stack.commerce.tenant('big');
  const pageSize = stack.indexerConfig.commerce.pageSize;
  const sweepMinimum = 2 * Math.ceil(products / pageSize);
  const sweepSlots = Math.floor((LIMIT * SWEEP_PERCENT) / 100);
  try {
    say(`  indexer at scale: full reindex of ${products.toLocaleString('en-US')} products at ${LIMIT} requests / ${SCALED_WINDOW_MS / 1000} s …`);
    const full = await cli(stack.env, '--full');
    say('  indexer at scale: reconciliation sweep …');
    const sweep = await cli(stack.env, '--reconcile');

    // 1% edited and 0.1% hard-deleted while the second crawl reads, spread over its pages.
    const edits = Math.round(products / 100);
    const deletes = Math.round(products / 1000);
    const random = seededRandom(5);
    const ids = source.catalog.all().map((p) => p.id);
    const pick = () => ids[Math.floor(random() * ids.length)] as string;
    const crawlPages = pagesFor(products, pageSize);
    const batches = Math.max(1, Math.min(40, Math.floor(crawlPages * 0.8)));
    let edited = 0;
    let deleted = 0;
    let crawlRequests = 0;
    source.beforeRequest = (request) => {
      if (!request.variables || !('modifiedSince' in request.variables)) return;
      crawlRequests += 1;
      // Changes in `batches` bursts over the first 80% of the crawl (each invalidates the API's sorted pages).
      const batch = Math.floor((crawlRequests * batches) / Math.max(1, crawlPages * 0.8));
      while (edited < Math.min(edits, Math.round((edits * batch) / batches))) {
        source.catalog.update(pick(), { price: Math.round(random() * 1000) });
        edited += 1;
      }
      while (deleted < Math.min(deletes, Math.round((deletes * batch) / batches))) {
        if (source.catalog.remove(pick())) deleted += 1;
      }
    };
    say(`  indexer at scale: full reindex while ${edits} products are edited and ${deletes} deleted …`);
    const churned = await cli(stack.env, '--full');
    source.beforeRequest = undefined;
    const afterSwap = await compare(stack.indexerEs, alias, source);
    say('  indexer at scale: the reconciliation after it …');
    const mend = await cli(stack.env, '--reconcile');
    const afterReconciliation = await compare(stack.indexerEs, alias, source);

    const figures = (r: Awaited<ReturnType<typeof cli>>, minimum: number): RunFigures => ({
      requests: r.requests,
      sweepRequests: r.sweepRequests,
      minimumRequests: minimum,
      seconds: r.seconds,
      // Sync requests at the full limit, sweep requests at their share of it.
      projectedMinutes: Math.max(projected(r.requests - r.sweepRequests, LIMIT), projected(r.sweepRequests, sweepSlots)),
      peakRssMb: r.peakRssMb,
      verifiedBy: r.verifiedBy,
    });
    return {
      products,
      pageSize,
      limit: { requests: LIMIT, scaledWindowSeconds: SCALED_WINDOW_MS / 1000, sweepPercent: SWEEP_PERCENT },
      fullReindex: figures(full, pagesFor(products, pageSize)),
      reconciliation: figures(sweep, sweepMinimum),
      churn: {
        edited,
        deleted,
        reindex: figures(churned, pagesFor(products, pageSize)),
        afterSwap,
        reconciliation: figures(mend, sweepMinimum),
        afterReconciliation,
      },
    };
  } finally {
    const indices = Object.keys(await stack.indexerEs.indices.get({ index: `${prefix}*`, allow_no_indices: true }));
    if (indices.length > 0) await stack.indexerEs.indices.delete({ index: indices });
    await stack.close();
  }
}
