/**
 * Run metrics as CloudWatch embedded-metric-format lines (Powertools
 * Metrics): one set per tenant run, dimensioned by tenant and mode.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { TenantRunReport } from './sync/tenant-run.js';
import { metricsNamespaceFrom } from '../common/env.js';

const metrics = new Metrics({ namespace: metricsNamespaceFrom(), serviceName: 'indexer' });

export function publishRunMetrics(report: TenantRunReport): void {
  const { stats } = report;
  metrics.addDimensions({ tenant: report.tenant, mode: report.mode });
  metrics.addMetric('RunFailed', MetricUnit.Count, report.status === 'failed' ? 1 : 0);
  metrics.addMetric('RunPaused', MetricUnit.Count, report.status === 'paused' ? 1 : 0);
  metrics.addMetric('RunQueued', MetricUnit.Count, report.status === 'queued' ? 1 : 0);
  metrics.addMetric('DocumentsIndexed', MetricUnit.Count, stats.documentsIndexed);
  metrics.addMetric('DocumentsDeleted', MetricUnit.Count, stats.documentsDeleted);
  metrics.addMetric('FailedDocuments', MetricUnit.Count, stats.pendingFailures);
  metrics.addMetric('QuarantinedDocuments', MetricUnit.Count, stats.quarantinedFailures);
  metrics.addMetric('Pages', MetricUnit.Count, stats.pages);
  metrics.addMetric('ApiRequests', MetricUnit.Count, stats.requests);
  metrics.addMetric('ApiRateLimited', MetricUnit.Count, stats.rateLimited);
  metrics.addMetric('RunDuration', MetricUnit.Milliseconds, report.durationMs);
  metrics.addMetric('IndexLag', MetricUnit.Milliseconds, stats.maxLagMs);
  metrics.addMetadata('runId', report.runId);
  metrics.publishStoredMetrics();
}
