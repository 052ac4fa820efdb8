/**
 * Pure: which tenant a request is for. `X-Tenant-Id` first, then the
 * configured Host → tenant map, then (InstantSearch only) the Algolia
 * application id, which storefront widgets send on every request. The
 * tenant must be one this deployment serves; it alone selects the index.
 */
import { TenantError } from '../errors.js';
import type { SearchConfig } from '../config.js';

export interface TenantSources {
  headers: Record<string, string | undefined>;
  query: URLSearchParams;
  allowAlgoliaApplicationId: boolean;
}

export function resolveTenant(config: Pick<SearchConfig, 'tenants' | 'tenantHosts'>, sources: TenantSources): string {
  const { headers } = sources;
  const host = headers.host?.toLowerCase().replace(/:\d+$/, '');
  const candidate =
    headers['x-tenant-id'] ??
    (host ? config.tenantHosts.get(host) : undefined) ??
    (sources.allowAlgoliaApplicationId
      ? (headers['x-algolia-application-id'] ?? sources.query.get('x-algolia-application-id') ?? undefined)
      : undefined);
  if (!candidate) {
    throw new TenantError(400, 'missing tenant: send the X-Tenant-Id header');
  }
  const tenant = candidate.trim().toLowerCase();
  if (!config.tenants.has(tenant)) throw new TenantError(404, 'unknown tenant: check the X-Tenant-Id header');
  return tenant;
}
