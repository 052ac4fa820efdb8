/**
 * `npm start`: the whole product on this machine (tenants demo and acme in
 * English, kauppa in Finnish, butik in Swedish).
 *   Elasticsearch (ELASTICSEARCH_URL, else Docker, else the local distribution; data kept across starts)
 *   → the local commerce API seeded with the sample catalog (tenant "demo") and a generated one ("acme")
 *   → the real indexer (full reindex on first start; on later starts a reconciliation, which also
 *     picks up products added to the generated catalog), then the incremental sync every minute
 *   → the real search Lambda behind an API Gateway v2 adapter on 127.0.0.1:3000.
 * Ctrl-C stops everything.
 */
import { SingleBar, Presets } from 'cli-progress';
import { generateProducts, loadWandsProducts } from './commerce-api/seed.js';
import { startElasticsearch } from './elasticsearch/launcher.js';
import { demoSettings } from './demo-settings.js';
import { startStack } from './stack.js';
import { DATA_FILES } from '../data/files.js';
import { finnishCatalog, swedishCatalog } from './commerce-api/nordic-catalogs.js';
import { removeLocalStackEnv, writeLocalStackEnv } from './stack-env.js';
import type { TenantRunReport } from '../indexer/sync/tenant-run.js';
import type { ProgressEvent } from '../indexer/sync/context.js';

// Keep the console readable: structured logs at WARN unless asked for; no EMF metric lines.
process.env.LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

/** The sample catalog is "as of" this instant, so restarts see no spurious changes. */
const SEEDED_AT = Date.parse('2026-01-01T00:00:00.000Z');
const SYNC_INTERVAL_MS = 60_000;
const TENANT_LANGUAGES = JSON.stringify({ kauppa: 'fi', butik: 'sv' });
const DEMO_SYNONYMS = {
  demo: [
    ['sofa', 'couch', 'settee'],
    ['rug', 'carpet'],
    ['nightstand', 'bedside table'],
    ['tv stand', 'media console', 'entertainment center'],
  ],
};

const say = (message: string) => process.stderr.write(`${message}\n`);

/** A whole number from the environment, or the default; anything else stops the start naming the variable. */
function intFromEnv(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw new Error(`${name} must be a whole number from 1 to ${max} (got "${raw.slice(0, 20)}")`);
  return value;
}

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

  // Size of the generated tenant `acme`; a restart with a larger N indexes the new products (reconciliation).
  const generated = intFromEnv('LOCAL_GENERATED_PRODUCTS', 1_000, 1_000_000);
  // The platform allows ~100 requests / 5 min per tenant; a large generated catalog may raise it locally.
  const rateLimit = { requests: intFromEnv('LOCAL_RATE_LIMIT_REQUESTS', 100, 100_000), windowMs: 300_000 };
  const es = await startElasticsearch({ persistentData: 'local-stack', heap: '1g', log: (m) => say(`  elasticsearch: ${m}`) });

  const stack = await startStack({
    tenants: {
      demo: { products: loadWandsProducts(DATA_FILES.sampleCatalog), seededAt: SEEDED_AT },
      acme: { products: generateProducts(generated, 7), seededAt: SEEDED_AT },
      kauppa: { products: finnishCatalog(), seededAt: SEEDED_AT },
      butik: { products: swedishCatalog(), seededAt: SEEDED_AT },
    },
    elasticsearchEnv: es.env,
    indexPrefix: process.env.INDEX_PREFIX ?? 'commerce',
    rateLimit,
    // Both the indexer and search read it: the Finnish and Swedish demo shops.
    indexerEnv: { TENANT_LANGUAGES: process.env.TENANT_LANGUAGES ?? TENANT_LANGUAGES },
    searchEnv: {
      TENANT_LANGUAGES: process.env.TENANT_LANGUAGES ?? TENANT_LANGUAGES,
      SEARCH_SYNONYMS: process.env.SEARCH_SYNONYMS ?? JSON.stringify(DEMO_SYNONYMS),
      // Local: no CDN in front, so let the browser revalidate every time.
      CACHE_S_MAXAGE_SECONDS: process.env.CACHE_S_MAXAGE_SECONDS ?? '0',
      CACHE_STALE_WHILE_REVALIDATE_SECONDS: process.env.CACHE_STALE_WHILE_REVALIDATE_SECONDS ?? '0',
    },
    host,
    port,
    ...(process.env.COMMERCE_API_PORT ? { commerceApiPort: Number(process.env.COMMERCE_API_PORT) } : {}),
    storefront: true,
  });
  const tenants = ['demo', 'acme', 'kauppa', 'butik'];

  // From here on Ctrl-C stops runs between pages (checkpointed), releases their locks, then everything else.
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('\nstopping …');
    clearInterval(timer);
    removeLocalStackEnv();
    await stack.close();
    await es.stop();
    say('stopped.');
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  say(`  commerce API (local): ${stack.commerce.url}/graphql — tenants ${tenants.map((t) => `${t} (${stack.commerce.tenant(t).catalog.size} products)`).join(', ')}`);

  say('  indexing (full reindex on first start, reconciliation with the catalog after):');
  for (const tenant of tenants) {
    const progress = progressReporter(tenant);
    // A run of an earlier start that is still winding down (or its lock, after a crash) is waited for.
    // The reconciliation sweep spends its share of the rate window and no more: on a large catalog the
    // every-minute syncs below continue it, rather than the start waiting for it.
    const report = await stack.index(tenant, 'reconcile', { onProgress: progress.onProgress, waitForLock: true, sweepsWait: false });
    progress.stop();
    say(summary(report));
    if (stopping) return;
  }

  // A merchant's first settings, never over their own: what the admin API at /admin/api edits.
  for (const tenant of tenants) {
    if (await stack.settings.current(tenant)) continue;
    await stack.settings.publish(tenant, demoSettings(stack.commerce.tenant(tenant).catalog.all(), stack.indexerConfig.languages.get(tenant) ?? 'en'), 0, 'npm start (demo settings)');
  }

  // The scheduled incremental sync, as EventBridge runs it in AWS (every minute).
  let syncing = false;
  timer = setInterval(async () => {
    if (syncing || stopping) return;
    syncing = true;
    try {
      for (const tenant of tenants) {
        const report = await stack.index(tenant);
        if (report.status !== 'succeeded' || report.stats.documentsIndexed + report.stats.documentsDeleted > 0) say(`  sync ${new Date().toISOString()}:${summary(report).slice(1)}`);
      }
    } finally {
      syncing = false;
    }
  }, SYNC_INTERVAL_MS);

  writeLocalStackEnv({ ...stack.env, SEARCH_URL: stack.searchUrl });
  say('');
  say(`Ready.`);
  say(`  Storefront demo   ${stack.searchUrl}/`);
  say(`  Search API        curl -H 'X-Tenant-Id: demo' '${stack.searchUrl}/search?q=sofa'`);
  say(`  Autocomplete      curl -H 'X-Tenant-Id: demo' '${stack.searchUrl}/suggest?q=sof'`);
  say(`  Status            ${stack.searchUrl}/status?tenant=demo`);
  say(`  Admin page        ${stack.searchUrl}/admin (sign in with a tenant and its key below)`);
  say(`  Admin API         curl -H 'X-Tenant-Id: demo' -H 'Authorization: Bearer ${stack.adminKeys.get('demo')}' ${stack.searchUrl}/admin/api/settings`);
  say(`                    (keys for this run: ${[...stack.adminKeys].map(([tenant, key]) => `${tenant} ${key}`).join(', ')}; docs/merchandising.md)`);
  say(`  Commerce API      ${stack.commerce.url}/graphql (edit a product: npm run product -- --help)`);
  say(`  Elasticsearch     ${es.url}`);
  say(`  Incremental sync every ${SYNC_INTERVAL_MS / 1000} s. Ctrl-C stops everything.`);

}

main().catch((error: unknown) => {
  say(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
