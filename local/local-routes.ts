/**
 * Routes the local stack serves beside the search Lambda: the indexer status
 * (per tenant: alias, index, documents, last sync, watermark, last run,
 * rate budget left) and the storefront demo page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Client } from '@elastic/elasticsearch';
import type { IndexerConfig } from '../indexer/config.js';
import { tenantStatus } from '../indexer/status.js';
import type { LocalRoute } from './http-adapter.js';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** GET /status with X-Tenant-Id: that tenant's indexing status only. */
export function statusRoute(deps: {
  es: Client;
  config: IndexerConfig;
  tenants: string[];
  /** Active products at the source, when the local commerce API can say. */
  sourceProducts?: (tenant: string) => number | undefined;
}): LocalRoute {
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
      const source = deps.sourceProducts?.(tenant);
      if (source !== undefined) status.sourceProducts = source;
      sendJson(res, 200, status);
    } catch {
      sendJson(res, 503, { error: { code: 'unavailable', message: 'status is temporarily unavailable; retry shortly' } });
    }
    return true;
  };
}

const STOREFRONT = fileURLToPath(new URL('./storefront/', import.meta.url));

/** Bundles the storefront (InstantSearch.js + algoliasearch) once, in memory, with esbuild. */
async function buildStorefront(): Promise<string> {
  const result = await build({
    entryPoints: [join(STOREFRONT, 'app.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** GET / (the demo storefront) and its two assets; the page speaks the tenant's language (`?tenant=`). */
export function demoPageRoute(languages: ReadonlyMap<string, string> = new Map()): LocalRoute {
  let script: Promise<string> | undefined;
  const files: Record<string, { file: string; type: string }> = {
    '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
    '/assets/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  };
  return async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://local');
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (pathname === '/assets/app.js') {
      script ??= buildStorefront();
      const body = await script;
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(body);
      return true;
    }
    const asset = files[pathname];
    if (!asset) return false;
    let body: string | Buffer = await readFile(join(STOREFRONT, asset.file));
    if (asset.file === 'index.html') {
      const tenant = new URL(req.url ?? '/', 'http://local').searchParams.get('tenant') ?? 'demo';
      body = body.toString('utf8').replace('<html lang="en">', `<html lang="${languages.get(tenant) ?? 'en'}">`);
    }
    res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
    res.end(body);
    return true;
  };
}
