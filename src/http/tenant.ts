/**
 * Pure: which tenant a request is for. `X-Tenant-Id` first, then the
 * configured host → tenant map (TENANT_HOSTS) applied to `Host`, then to
 * `X-Forwarded-Host`, then (InstantSearch only) the Algolia application id,
 * which storefront widgets send on every request. The tenant must be one this
 * deployment serves; it alone selects the index.
 *
 * Why X-Forwarded-Host: behind CloudFront without a custom domain on the
 * API, the origin must receive its own execute-api Host (a forwarded viewer
 * Host fails there), so a viewer-request CloudFront Function copies the
 * storefront's host into X-Forwarded-Host (docs/deploy.md, "CloudFront").
 * It selects nothing X-Tenant-Id could not already select.
 */
import { TenantError } from '../errors.js';
import type { SearchConfig } from '../config.js';

export interface TenantSources {
  headers: Record<string, string | undefined>;
  query: URLSearchParams;
  allowAlgoliaApplicationId: boolean;
}

/**
 * An Algolia credential sent as a query parameter, whatever its case: algoliasearch sends
 * `x-algolia-application-id`, search-insights `X-Algolia-Application-Id`.
 */
export function algoliaQueryParameter(query: URLSearchParams, lowerCaseName: string): string | undefined {
  for (const [name, value] of query) if (name.toLowerCase() === lowerCaseName) return value;
  return undefined;
}

export function resolveTenant(config: Pick<SearchConfig, 'tenants' | 'tenantHosts'>, sources: TenantSources): string {
  const { headers } = sources;
  const mapped = (value: string | undefined) => (value ? config.tenantHosts.get(value.split(',')[0]?.trim().toLowerCase().replace(/:\d+$/, '') ?? '') : undefined);
  const candidate =
    headers['x-tenant-id'] ??
    mapped(headers.host) ??
    mapped(headers['x-forwarded-host']) ??
    (sources.allowAlgoliaApplicationId
      ? (headers['x-algolia-application-id'] ?? algoliaQueryParameter(sources.query, 'x-algolia-application-id'))
      : undefined);
  if (!candidate) {
    throw new TenantError(400, 'missing tenant: send the X-Tenant-Id header');
  }
  const tenant = candidate.trim().toLowerCase();
  if (!config.tenants.has(tenant)) throw new TenantError(404, 'unknown tenant: check the X-Tenant-Id header');
  return tenant;
}
