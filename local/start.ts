/**
 * `npm start`: the whole product on this machine.
 *   Elasticsearch (ELASTICSEARCH_URL, else Docker, else the local distribution; data kept across starts)
 *   → the local commerce API seeded with the sample catalog (tenant "demo") and a generated one ("acme")
 *   → the real indexer (full reindex on first start, incremental after), then every minute
 *   → the real search Lambda behind an API Gateway v2 adapter on 127.0.0.1:3000.
 * Ctrl-C stops everything.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SingleBar, Presets } from 'cli-progress';
import { CommerceApi } from './commerce-api/server.js';
import { generateProducts, loadWandsProducts } from './commerce-api/seed.js';
import { startElasticsearch } from './elasticsearch/launcher.js';
import { serveHandler } from './http-adapter.js';
import { removeLocalStackEnv, writeLocalStackEnv } from './stack-env.js';
import { statusRoute, demoPageRoute } from './local-routes.js';
import { loadIndexerConfig } from '../indexer/config.js';
import { runTenant, type TenantRunReport } from '../indexer/sync/tenant-run.js';
import type { ProgressEvent } from '../indexer/sync/context.js';
import { loadSearchConfig } from '../src/config.js';
import { createHttpHandler } from '../src/http/app.js';
import { createElasticsearchClient } from '../src/shared/elasticsearch-client.js';
import { createLogger } from '../src/shared/logger.js';
import { ElasticsearchHttp } from '../src/transport/elasticsearch-http.js';

// Keep the console readable: structured logs at WARN unless asked for; no EMF metric lines.
process.env.LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const SAMPLE_CATALOG = fileURLToPath(new URL('../data/sample-catalog/products.tsv', import.meta.url));
/** The sample catalog is "as of" this instant, so restarts see no spurious changes. */
const SEEDED_AT = Date.parse('2026-01-01T00:00:00.000Z');
const SYNC_INTERVAL_MS = 60_000;
const DEMO_SYNONYMS = {
  demo: [
    ['sofa', 'couch', 'settee'],
    ['rug', 'carpet'],
    ['nightstand', 'bedside table'],
    ['tv stand', 'media console', 'entertainment center'],
  ],
};

const say = (message: string) => process.stderr.write(`${message}\n`);

function progressReporter(tenant: string) {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      onProgress: (event: ProgressEvent) => {
        if (event.read - last >= 2000 || event.read === event.expected) {
          last = event.read;
          say(`  ${tenant}: ${event.phase} ${event.read}/${event.expected ?? '?'} products`);
        }
      },
      stop: () => {},
    };
  }
  const bar = new SingleBar({ format: `  ${tenant.padEnd(5)} {phase} [{bar}] {value}/{total} products`, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    onProgress: (event: ProgressEvent) => {
      const total = Math.max(event.expected ?? event.read, event.read);
      if (!started) {
        bar.start(total, 0, { phase: event.phase });
        started = true;
      }
      bar.setTotal(total);
      bar.update(event.read, { phase: event.phase });
    },
    stop: () => started && bar.stop(),
  };
}

function summary(report: TenantRunReport): string {
  const s = report.stats;
  return `  ${report.tenant}: ${report.status}${report.error ? ` (${report.error})` : ''}; indexed ${s.documentsIndexed}, deleted ${s.documentsDeleted}, ${s.requests} API requests, ${(report.durationMs / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  say('commerce-search: starting the local stack');

  const es = await startElasticsearch({ persistentData: 'local-stack', heap: '1g', log: (m) => say(`  elasticsearch: ${m}`) });

  const graphqlSecret = randomBytes(16).toString('hex');
  const tenantSecrets = { demo: randomBytes(16).toString('hex'), acme: randomBytes(16).toString('hex') };
  const api = new CommerceApi({
    graphqlSecret,
    tenants: {
      demo: { secret: tenantSecrets.demo, products: loadWandsProducts(SAMPLE_CATALOG), seededAt: SEEDED_AT },
      acme: { secret: tenantSecrets.acme, products: generateProducts(1_000, 7), seededAt: SEEDED_AT },
    },
    port: Number(process.env.COMMERCE_API_PORT ?? 0),
  });
  const apiUrl = await api.listen();
  say(`  commerce API (local): ${apiUrl}/graphql — tenants demo (${api.tenant('demo').catalog.size} products), acme (${api.tenant('acme').catalog.size})`);

  const env: Record<string, string> = {
    ...es.env,
    COMMERCE_GRAPHQL_URL: `${apiUrl}/graphql`,
    COMMERCE_GRAPHQL_SECRET: graphqlSecret,
    COMMERCE_TENANT_SECRETS: JSON.stringify(tenantSecrets),
    INDEX_PREFIX: process.env.INDEX_PREFIX ?? 'commerce',
  };
  const indexerConfig = loadIndexerConfig({ ...process.env, ...env });
  const indexerEs = createElasticsearchClient(indexerConfig.elasticsearch);
  const secrets = { graphqlSecret, tenantSecrets };
  const logger = createLogger('commerce-search-local');
  const tenants = Object.keys(tenantSecrets);

  say('  indexing (full reindex on first start, incremental after):');
  for (const tenant of tenants) {
    const progress = progressReporter(tenant);
    const report = await runTenant({ config: indexerConfig, es: indexerEs, secrets, logger }, tenant, { mode: 'scheduled', onProgress: progress.onProgress });
    progress.stop();
    say(summary(report));
  }

  const searchConfig = loadSearchConfig({
    ...process.env,
    ...env,
    SEARCH_TENANTS: tenants.join(','),
    SEARCH_SYNONYMS: process.env.SEARCH_SYNONYMS ?? JSON.stringify(DEMO_SYNONYMS),
    // Local: no CDN in front, so let the browser revalidate every time.
    CACHE_S_MAXAGE_SECONDS: process.env.CACHE_S_MAXAGE_SECONDS ?? '0',
    CACHE_STALE_WHILE_REVALIDATE_SECONDS: process.env.CACHE_STALE_WHILE_REVALIDATE_SECONDS ?? '0',
  });
  const handler = createHttpHandler({
    config: searchConfig,
    es: new ElasticsearchHttp({ ...searchConfig.elasticsearch, timeoutMs: searchConfig.timeoutMs, retryAfterSeconds: searchConfig.retryAfterSeconds }),
    logger: createLogger('commerce-search-api'),
  });
  const server = await serveHandler(handler, {
    host,
    port,
    localRoutes: [
      demoPageRoute(),
      statusRoute({ es: indexerEs, config: indexerConfig, tenants, sourceProducts: (tenant) => api.tenant(tenant).catalog.count(true) }),
    ],
  });

  // The scheduled incremental sync, as EventBridge runs it in AWS (every minute).
  let syncing = false;
  const timer = setInterval(async () => {
    if (syncing) return;
    syncing = true;
    try {
      for (const tenant of tenants) {
        const report = await runTenant({ config: indexerConfig, es: indexerEs, secrets, logger }, tenant, { mode: 'scheduled' });
        if (report.status !== 'succeeded' || report.stats.documentsIndexed + report.stats.documentsDeleted > 0) say(`  sync ${new Date().toISOString()}:${summary(report).slice(1)}`);
      }
    } finally {
      syncing = false;
    }
  }, SYNC_INTERVAL_MS);

  writeLocalStackEnv({ ...env, SEARCH_URL: server.url });
  say('');
  say(`Ready.`);
  say(`  Storefront demo   ${server.url}/`);
  say(`  Search API        curl -H 'X-Tenant-Id: demo' '${server.url}/search?q=sofa'`);
  say(`  Autocomplete      curl -H 'X-Tenant-Id: demo' '${server.url}/suggest?q=sof'`);
  say(`  Status            ${server.url}/status`);
  say(`  Commerce API      ${apiUrl}/graphql (edit a product: see README)`);
  say(`  Elasticsearch     ${es.url}`);
  say(`  Incremental sync every ${SYNC_INTERVAL_MS / 1000} s. Ctrl-C stops everything.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('\nstopping …');
    clearInterval(timer);
    removeLocalStackEnv();
    await server.close();
    await api.close();
    await indexerEs.close();
    await es.stop();
    say('stopped.');
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  say(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
