/**
 * `npm run reindex -- --tenant <id> [--full] [--reconcile]`
 *
 * Runs the same tenant run as the scheduled Lambda, without a deadline, with
 * a progress bar and a final summary. When a scheduled run holds the tenant,
 * it waits for it (a full reindex that run started is then continued, not
 * started again). Ctrl-C stops between pages, checkpointed, lock released.
 * Exit code 1 when a run failed.
 */
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { createElasticsearchClient } from '../sink/elasticsearch-client.js';
import { ConfigError } from '../../common/env.js';
import { createLogger } from '../../common/logger.js';
import { loadIndexerConfig, resolveSecrets } from '../config.js';
import type { ProgressEvent } from '../sync/context.js';
import { runTenant, type RunMode, type TenantRunReport } from '../sync/tenant-run.js';
import { selectTenants } from '../tenants.js';

const USAGE = 'usage: npm run reindex -- --tenant <id> [--tenant <id> …] [--full | --reconcile] [--no-progress]';

function parseCli(argv: string[]): { tenants: string[]; mode: RunMode; progress: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenant: { type: 'string', multiple: true },
      full: { type: 'boolean', default: false },
      reconcile: { type: 'boolean', default: false },
      'no-progress': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.tenant?.length) throw new ConfigError(`--tenant is required. ${USAGE}`);
  if (values.full && values.reconcile) throw new ConfigError(`--full and --reconcile are exclusive. ${USAGE}`);
  const mode: RunMode = values.full ? 'full' : values.reconcile ? 'reconcile' : 'scheduled';
  return { tenants: values.tenant, mode, progress: !values['no-progress'] && Boolean(process.stderr.isTTY) };
}

function summaryLines(report: TenantRunReport): string[] {
  const s = report.stats;
  return [
    `tenant ${report.tenant}: ${report.status}${report.error ? ` (${report.error})` : ''}`,
    `  documents  indexed ${s.documentsIndexed}, deleted ${s.documentsDeleted}, unchanged ${s.documentsUnchanged}, ` +
      `invalid ${s.invalidProducts}, rejected ${s.rejectedDocuments}, pending failures ${s.pendingFailures}`,
    `  pages      ${s.pages}`,
    `  requests   ${s.requests} (sweeps ${s.sweepRequests}, 429s ${s.rateLimited}, retries ${s.retries}, waited ${(s.budgetWaitMs / 1000).toFixed(1)} s for the rate budget)`,
    ...(s.reconciledRemoved || s.reconciledRepaired || s.reconciledUpdated
      ? [`  reconciled removed ${s.reconciledRemoved}, added ${s.reconciledRepaired}, updated ${s.reconciledUpdated}`]
      : []),
    ...(s.verifiedBy ? [`  verified   new index checked against the source by ${s.verifiedBy === 'sweep' ? 'an (id, DateModified) sweep' : 'count'} before the swap`] : []),
    ...(report.swappedTo ? [`  alias now  ${report.swappedTo}`] : []),
    `  duration   ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
}

async function main(): Promise<number> {
  const args = parseCli(process.argv.slice(2));
  const config = loadIndexerConfig();
  const secrets = await resolveSecrets(config);
  const tenants = selectTenants(config, secrets, args.tenants);
  const logger = createLogger('commerce-search-indexer');
  const es = createElasticsearchClient(config.elasticsearch);
  let failed = false;
  const stop = new AbortController();
  process.once('SIGINT', () => {
    console.error('\nstopping after the page in flight (progress is checkpointed) …');
    stop.abort();
  });
  try {
    for (const tenant of tenants) {
      const bar = args.progress
        ? new SingleBar({ format: `${tenant} {phase} [{bar}] {value}/{total} products`, hideCursor: true }, Presets.shades_classic)
        : undefined;
      let phase: string | undefined;
      const onProgress = (event: ProgressEvent) => {
        if (!bar) return;
        if (phase !== event.phase) {
          if (phase) bar.stop();
          phase = event.phase;
          bar.start(event.expected ?? event.read, 0, { phase: event.phase });
        }
        bar.setTotal(Math.max(event.expected ?? event.read, event.read));
        bar.update(event.read, { phase: event.phase });
      };
      const report = await runTenant({ config, es, secrets, logger }, tenant, { mode: args.mode, onProgress, waitForLock: true, signal: stop.signal });
      bar?.stop();
      console.log(summaryLines(report).join('\n'));
      if (report.status === 'failed') failed = true;
    }
  } finally {
    await es.close();
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `reindex failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
