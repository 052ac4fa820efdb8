/**
 * `GET /health`: whether this deployment can serve each tenant, checked the
 * way searches run (the search key, the tenant's alias), and in words an
 * operator can act on: "alias missing" (the indexer has not built it),
 * "unauthorised" (the key is wrong, expired or lacks `read` on the alias),
 * "cluster unreachable" (network, DNS, security groups, or the cluster is
 * down). Never Elasticsearch's own text, never a key. 200 when every tenant
 * checked is fine, else 503.
 */
import { indexNames } from '../../common/contract/index-names.js';
import { ServiceUnavailableError } from '../errors.js';
import { ElasticsearchRequestError, type ElasticsearchHttp } from '../transport/elasticsearch-http.js';

export type HealthProblem = 'alias missing' | 'unauthorised' | 'cluster unreachable' | 'cluster error';

export interface TenantHealth {
  tenant: string;
  alias: string;
  ok: boolean;
  documents?: number;
  problem?: HealthProblem;
}

export interface HealthBody {
  status: 'ok' | 'failing';
  tenants: TenantHealth[];
}

/** Pure: what a failed check means for an operator. */
export function classifyHealthError(error: unknown): HealthProblem {
  if (error instanceof ElasticsearchRequestError) return error.status === 401 || error.status === 403 ? 'unauthorised' : 'cluster error';
  if (error instanceof ServiceUnavailableError) {
    if (/index_not_found_exception/.test(error.reason)) return 'alias missing';
    if (/HTTP (401|403)/.test(error.reason)) return 'unauthorised';
    return /connection failed|no answer within|ECONN|ENOTFOUND|EAI_AGAIN|unreadable/.test(error.reason) ? 'cluster unreachable' : 'cluster error';
  }
  return 'cluster error';
}

export async function checkHealth(es: ElasticsearchHttp, indexPrefix: string, tenants: readonly string[], signal?: AbortSignal): Promise<HealthBody> {
  const results = await Promise.all(
    tenants.map(async (tenant): Promise<TenantHealth> => {
      const alias = indexNames(indexPrefix, tenant).productsAlias;
      try {
        return { tenant, alias, ok: true, documents: await es.count(alias, { signal }) };
      } catch (error) {
        return { tenant, alias, ok: false, problem: classifyHealthError(error) };
      }
    }),
  );
  return { status: results.every((r) => r.ok) ? 'ok' : 'failing', tenants: results };
}
