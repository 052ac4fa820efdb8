/**
 * The scheduled indexer Lambda (EventBridge). The schedule's input picks the
 * mode: `{"mode":"scheduled"}` every minute (incremental sync, continuing any
 * full reindex), `{"mode":"full"}` and `{"mode":"reconcile"}` on their own
 * schedules. Config and clients are created once per cold start.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Context } from 'aws-lambda';
import pLimit from 'p-limit';
import { z } from 'zod';
import { createElasticsearchClient } from '../sink/elasticsearch-client.js';
import { createLogger } from '../../common/logger.js';
import { loadIndexerConfig, resolveSecrets, type CommerceSecrets } from '../config.js';
import { publishRunMetrics } from '../run-metrics.js';
import { runTenant, type TenantRunReport } from '../sync/tenant-run.js';
import { selectTenants } from '../tenants.js';
import { tenantStatus, type TenantStatus } from '../status.js';

const config = loadIndexerConfig();
const logger = createLogger('commerce-search-indexer');
let es: Client | undefined;

/** The Elasticsearch client, created once; its API key may live with the other secrets in SSM. */
function elasticsearch(secrets: CommerceSecrets): Client {
  es ??= createElasticsearchClient({ ...config.elasticsearch, apiKey: config.elasticsearch.apiKey ?? secrets.elasticsearchApiKey });
  return es;
}

/** Stop starting new pages this long before Lambda's own timeout, leaving time to checkpoint and report. */
const STOP_MARGIN_MS = 30_000;

const scheduleInput = z.object({
  mode: z.enum(['scheduled', 'full', 'reconcile', 'status']).default('scheduled'),
  tenants: z.array(z.string()).optional(),
});

export interface ScheduledRunResult {
  mode: string;
  reports: Array<Pick<TenantRunReport, 'tenant' | 'status' | 'error' | 'durationMs' | 'stats'>>;
}

export async function handler(event: unknown, context: Context): Promise<ScheduledRunResult | { mode: 'status'; tenants: TenantStatus[] }> {
  // EventBridge delivers the schedule's `input` as the event itself.
  const input = scheduleInput.parse(event && typeof event === 'object' ? event : {});
  const secrets = await resolveSecrets(config);
  const tenants = selectTenants(config, secrets, input.tenants);
  if (input.mode === 'status') {
    const client = elasticsearch(secrets);
    return { mode: 'status', tenants: await Promise.all(tenants.map((tenant) => tenantStatus(client, config, tenant))) };
  }
  const mode = input.mode;
  const deadline = Date.now() + context.getRemainingTimeInMillis() - STOP_MARGIN_MS;
  logger.appendKeys({ awsRequestId: context.awsRequestId });
  const limit = pLimit(config.tenantConcurrency);
  const client = elasticsearch(secrets);
  const reports = await Promise.all(
    tenants.map((tenant) => limit(() => runTenant({ config, es: client, secrets, logger }, tenant, { mode, deadline }))),
  );
  for (const report of reports) publishRunMetrics(report);
  return {
    mode,
    reports: reports.map(({ tenant, status, error, durationMs, stats }) => ({ tenant, status, error, durationMs, stats })),
  };
}
