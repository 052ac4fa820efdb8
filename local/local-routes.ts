/**
 * Routes the local stack serves beside the search Lambda: the indexer status
 * (per tenant: alias, index, documents, last sync, watermark, last run,
 * rate budget left) and, in npm start, the storefront demo page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client } from '@elastic/elasticsearch';
import type { IndexerConfig } from '../indexer/config.js';
import { indexNames } from '../indexer/sink/index-names.js';
import { StateStore } from '../indexer/sink/state-store.js';
import type { BudgetState } from '../indexer/source/rate-budget.js';
import type { SyncState } from '../indexer/sync/sync-state.js';
import type { LocalRoute } from './http-adapter.js';
import type { CommerceApi } from './commerce-api/server.js';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

export interface TenantStatus {
  tenant: string;
  alias: string;
  index: string | null;
  documents: number | null;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  watermark: string | null;
  lastRun: SyncState['lastRun'];
  reindexInProgress: { targetIndex: string; startedAt: string; documents: number } | null;
  rateBudget: { limit: number; windowSeconds: number; remaining: number };
  sourceProducts?: number;
}

export async function tenantStatus(es: Client, config: IndexerConfig, tenant: string): Promise<TenantStatus> {
  const names = indexNames(config.indexPrefix, tenant);
  const store = new StateStore(es, names.stateIndex);
  const [sync, budget] = await Promise.all([store.get<SyncState>('sync', tenant), store.get<BudgetState>('budget', tenant)]);
  let index: string | null = null;
  let documents: number | null = null;
  if (await es.indices.existsAlias({ name: names.productsAlias })) {
    index = Object.keys(await es.indices.getAlias({ name: names.productsAlias }))[0] ?? null;
    documents = (await es.count({ index: names.productsAlias })).count;
  }
  const windowMs = config.commerce.rateLimit.windowMs;
  const used = (budget?.value.reservations ?? []).filter((at) => at > Date.now() - windowMs).length;
  const state = sync?.value;
  return {
    tenant,
    alias: names.productsAlias,
    index,
    documents,
    lastSyncAt: state?.lastRun?.finishedAt ?? null,
    lastSuccessAt: state?.lastSuccessAt ?? null,
    watermark: state?.watermark?.cursor.since ?? null,
    lastRun: state?.lastRun ?? null,
    reindexInProgress: state?.reindex ? { targetIndex: state.reindex.targetIndex, startedAt: state.reindex.startedAt, documents: state.reindex.documents } : null,
    rateBudget: { limit: config.commerce.rateLimit.requests, windowSeconds: windowMs / 1000, remaining: Math.max(0, config.commerce.rateLimit.requests - used) },
  };
}

/** GET /status with X-Tenant-Id: that tenant's indexing status only. */
export function statusRoute(deps: { es: Client; config: IndexerConfig; tenants: string[]; commerce?: CommerceApi }): LocalRoute {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname !== '/status') return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'use GET' } });
      return true;
    }
    const header = req.headers['x-tenant-id'];
    const tenant = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('tenant') ?? undefined;
    if (!tenant) {
      sendJson(res, 400, { error: { code: 'missing_tenant', message: 'missing tenant: send the X-Tenant-Id header' } });
      return true;
    }
    if (!deps.tenants.includes(tenant)) {
      sendJson(res, 404, { error: { code: 'unknown_tenant', message: 'unknown tenant: check the X-Tenant-Id header' } });
      return true;
    }
    try {
      const status = await tenantStatus(deps.es, deps.config, tenant);
      if (deps.commerce) status.sourceProducts = deps.commerce.tenant(tenant).catalog.count(true);
      sendJson(res, 200, status);
    } catch {
      sendJson(res, 503, { error: { code: 'unavailable', message: 'status is temporarily unavailable; retry shortly' } });
    }
    return true;
  };
}

export function demoPageRoute(): LocalRoute {
  return () => false;
}
