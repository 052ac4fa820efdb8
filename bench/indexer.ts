/**
 * Indexer throughput and rate-limit behaviour:
 *   - a full reindex of a generated catalog through the local API with no
 *     rate limit (the real CLI in its own process, peak RSS by GNU time)
 *     against raw bulk ingest of the same documents into the same cluster;
 *   - a full reindex under a (scaled-down) rate limit: requests used vs the
 *     minimum, 429s received; and the projected wall time at the platform's
 *     100 requests / 5 minutes for 10k, 100k and 1M products.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Client } from '@elastic/elasticsearch';
import { generateProducts } from '../local/commerce-api/seed.js';
import { startStack } from '../local/stack.js';
import { readIndexDefinition } from '../indexer/sink/mappings.js';
import { toAction } from '../indexer/transform/to-document.js';

const run = promisify(execFile);

/**
 * The fewest page requests a crawl of `products` can make: each page after the
 * first starts at the previous page's last product (the anchor that lets the
 * feed detect shifts, see indexer/source/change-feed.ts), so it brings
 * `pageSize - 1` new products.
 */
export function pagesFor(products: number, pageSize: number): number {
  return products <= pageSize ? 1 : 1 + Math.ceil((products - pageSize) / (pageSize - 1));
}

export interface IndexerFigures {
  products: number;
  reindex: { seconds: number; documentsPerSecond: number; peakRssMb: number | null; requests: number };
  rawBulk: { seconds: number; documentsPerSecond: number };
  ratio: number;
  rateLimited: {
    products: number;
    limit: { requests: number; windowSeconds: number };
    pageSize: number;
    requestsUsed: number;
    minimumRequests: number;
    responses429: number;
    seconds: number;
  };
  projection: Array<{ products: number; requests: number; windows: number; minutes: number }>;
}

async function rawBulk(es: Client, index: string, documents: Array<{ id: string; version: number; document: object }>, concurrency: number, flushBytes: number): Promise<number> {
  const { settings, mappings } = readIndexDefinition('products');
  await es.indices.create({ index, settings: { ...settings, refresh_interval: '-1' }, mappings });
  const started = performance.now();
  const result = await es.helpers.bulk({
    datasource: documents,
    concurrency,
    flushBytes,
    onDocument: (d) => [{ index: { _index: index, _id: d.id, version: d.version, version_type: 'external_gte' as const } }, d.document],
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.failed > 0) throw new Error(`raw bulk: ${result.failed} documents failed`);
  return seconds;
}

/** At 100 requests per 300 s and `pageSize` products a request, at `docsPerSecond` when not waiting. */
export function projectWallTime(products: number, pageSize: number, docsPerSecond: number, limit = 100, windowSeconds = 300) {
  const requests = pagesFor(products, pageSize);
  const windows = Math.ceil(requests / limit);
  const lastWindowProducts = products - (windows - 1) * limit * pageSize;
  const seconds = Math.max(products / docsPerSecond, (windows - 1) * windowSeconds + lastWindowProducts / docsPerSecond);
  return { products, requests, windows, minutes: seconds / 60 };
}

export async function benchIndexer(elasticsearchEnv: Record<string, string>, products: number, say: (m: string) => void): Promise<IndexerFigures> {
  const prefix = `benchidx${Date.now().toString(36)}`;
  const catalog = generateProducts(products, 11);
  const stack = await startStack({
    tenants: { big: { products: catalog } },
    elasticsearchEnv,
    indexPrefix: prefix,
    rateLimit: { requests: 100_000, windowMs: 60_000 },
  });
  try {
    say(`  indexer: full reindex of ${products} generated products through the local API (CLI process) …`);
    const cli = await run('/usr/bin/time', ['-f', 'maxrss-kb %M', process.execPath, '--import', 'tsx', 'indexer/cli/reindex.ts', '--tenant', 'big', '--full', '--no-progress'], {
      env: { ...process.env, ...stack.env, LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 30 * 60_000,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`reindex CLI failed: ${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
    const seconds = Number(/duration\s+([\d.]+) s/.exec(cli.stdout)?.[1]);
    const requests = Number(/requests\s+(\d+)/.exec(cli.stdout)?.[1]);
    const rssKb = Number(/maxrss-kb (\d+)/.exec(cli.stderr)?.[1]);

    say(`  indexer: raw bulk of the same ${products} documents …`);
    const documents = stack.commerce
      .tenant('big')
      .catalog.all()
      .flatMap((p) => {
        const action = toAction(p);
        return action.kind === 'index' ? [{ id: action.id, version: action.version, document: action.document }] : [];
      });
    const rawSeconds = await rawBulk(stack.indexerEs, `${prefix}-rawbulk`, documents, stack.indexerConfig.bulk.concurrency, stack.indexerConfig.bulk.flushBytes);

    // Under a rate limit scaled down to fit a bench run (same logic as 100 / 5 min, shorter window).
    const limited = Math.min(products, 20_000);
    const limit = { requests: 5, windowMs: 5_000 };
    say(`  indexer: ${limited} products under a ${limit.requests} requests / ${limit.windowMs / 1000} s limit …`);
    const limitedStack = await startStack({
      tenants: { limited: { products: generateProducts(limited, 12) } },
      elasticsearchEnv,
      indexPrefix: `${prefix}l`,
      rateLimit: limit,
    });
    const started = performance.now();
    const report = await limitedStack.index('limited', 'full');
    const limitedSeconds = (performance.now() - started) / 1000;
    const responses429 = limitedStack.commerce.tenant('limited').rateLimitedRequests;
    await limitedStack.close();
    if (report.status !== 'succeeded') throw new Error(`rate-limited reindex ${report.status}: ${report.error}`);

    const docsPerSecond = products / seconds;
    const pageSize = stack.indexerConfig.commerce.pageSize;
    return {
      products,
      reindex: { seconds, documentsPerSecond: docsPerSecond, peakRssMb: Number.isFinite(rssKb) ? rssKb / 1024 : null, requests },
      rawBulk: { seconds: rawSeconds, documentsPerSecond: products / rawSeconds },
      ratio: docsPerSecond / (products / rawSeconds),
      rateLimited: {
        products: limited,
        limit: { requests: limit.requests, windowSeconds: limit.windowMs / 1000 },
        pageSize,
        requestsUsed: report.stats.requests,
        minimumRequests: pagesFor(limited, pageSize),
        responses429,
        seconds: limitedSeconds,
      },
      projection: [10_000, 100_000, 1_000_000].map((n) => projectWallTime(n, pageSize, docsPerSecond)),
    };
  } finally {
    const indices = Object.keys(await stack.indexerEs.indices.get({ index: `${prefix}*`, allow_no_indices: true }));
    if (indices.length > 0) await stack.indexerEs.indices.delete({ index: indices });
    await stack.close();
  }
}
