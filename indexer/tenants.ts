/** Which tenants a run covers: the configured list, or every tenant with a secret. */
import type { CommerceSecrets, IndexerConfig } from './config.js';
import { ConfigError } from '../common/env.js';

export function selectTenants(config: IndexerConfig, secrets: CommerceSecrets, requested?: readonly string[]): string[] {
  const known = Object.keys(secrets.tenantSecrets);
  const configured = config.tenants ?? known;
  const missing = configured.filter((tenant) => !known.includes(tenant));
  if (missing.length > 0) throw new ConfigError(`INDEXER_TENANTS: no tenant secret for ${missing.join(', ')}`);
  if (!requested || requested.length === 0) return configured;
  const unknown = requested.filter((tenant) => !configured.includes(tenant));
  if (unknown.length > 0) throw new ConfigError(`unknown tenant(s) ${unknown.join(', ')}; configured: ${configured.join(', ')}`);
  return [...requested];
}
