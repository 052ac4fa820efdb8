/**
 * Each tenant's merchandising settings (common/contract/merchandising.ts),
 * read from Elasticsearch once per container and checked for a new version
 * every 30 seconds in the background (stale-while-revalidate), so a change
 * a merchant publishes is live within 30 s and a search never waits for it
 * after its tenant's first request. The merchant's synonyms are merged with
 * the deployment's (SEARCH_SYNONYMS) once per version. A stored document
 * that does not validate never breaks search: the last good version stays
 * in use and the error is logged and reported (`problem`).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { indexNames, SETTINGS_CURRENT_ID } from '../../common/contract/index-names.js';
import { EMPTY_SETTINGS, validateSettings, type MerchandisingSettings, type StoredSettings } from '../../common/contract/merchandising.js';
import { buildSynonymIndex, type SynonymGroups, type SynonymIndex } from '../../common/text/synonyms.js';
import type { Language } from '../../common/text/languages.js';
import type { ElasticsearchHttp } from '../transport/elasticsearch-http.js';
import { compileRules, type CompiledRules } from './rules.js';
import { TenantRefresh, type TenantRead } from '../search/tenant-refresh.js';

/** What search uses of a tenant's settings. */
export interface TenantSettings {
  settings: MerchandisingSettings;
  /** Its rules compiled for the tenant's language (src/merchandising/rules.ts), once per version. */
  rules: CompiledRules;
  /** SEARCH_SYNONYMS and the merchant's synonyms together. */
  synonyms: SynonymIndex;
  /** The stored version in use (null: none stored). */
  version: number | null;
  /** Why a newer stored version is not in use (it did not validate), if one is not. */
  problem: string | null;
}

/** Pure: what search uses of a settings document, with the deployment's synonyms (SEARCH_SYNONYMS) for the tenant. */
export function tenantSettings(settings: MerchandisingSettings, language: Language, deploymentGroups: SynonymGroups = [], version: number | null = null, problem: string | null = null): TenantSettings {
  const groups = [...deploymentGroups, ...settings.synonyms.flatMap((s) => (s.type === 'synonym' ? [s.synonyms] : []))];
  const oneWay = settings.synonyms.flatMap((s) => (s.type === 'oneWaySynonym' ? [{ input: s.input, synonyms: s.synonyms }] : []));
  return { settings, rules: compileRules(settings, language), synonyms: buildSynonymIndex(groups, language, oneWay), version, problem };
}

export interface SettingsSource {
  get(tenant: string, signal?: AbortSignal): Promise<TenantSettings>;
}

export class SettingsCache implements SettingsSource {
  private readonly refresh: TenantRefresh<TenantSettings>;

  constructor(
    private readonly es: ElasticsearchHttp,
    private readonly indexPrefix: string,
    private readonly deployment: { synonymGroups: ReadonlyMap<string, SynonymGroups>; languages: ReadonlyMap<string, Language> },
    private readonly logger: Logger,
    maxAgeMs = 30_000,
    retryAfterFailureMs = 5_000,
    now: () => number = Date.now,
  ) {
    this.refresh = new TenantRefresh({
      what: "the tenant's settings",
      initial: (tenant) => this.build(tenant, EMPTY_SETTINGS, null, null),
      read: (tenant, previous) => this.read(tenant, previous),
      maxAgeMs,
      retryAfterFailureMs,
      now,
    });
  }

  get(tenant: string, signal?: AbortSignal): Promise<TenantSettings> {
    return this.refresh.get(tenant, signal);
  }

  private build(tenant: string, settings: MerchandisingSettings, version: number | null, problem: string | null): TenantSettings {
    return tenantSettings(settings, this.deployment.languages.get(tenant) ?? 'en', this.deployment.synonymGroups.get(tenant) ?? [], version, problem);
  }

  private async read(tenant: string, previous: TenantSettings): Promise<TenantRead<TenantSettings>> {
    const index = indexNames(this.indexPrefix, tenant).settingsIndex;
    try {
      // No settings index yet: no settings (ignore_unavailable), not an outage.
      const hit = (await this.es.search<StoredSettings>(index, { size: 1, query: { ids: { values: [SETTINGS_CURRENT_ID] } } }, { ignoreUnavailable: true })).hits.hits[0];
      const stored = hit?._source;
      if (!stored) return { value: previous.version === null ? previous : this.build(tenant, EMPTY_SETTINGS, null, null) };
      if (stored.version === previous.version) return { value: previous };
      try {
        return { value: this.build(tenant, validateSettings(stored.settings), stored.version, null) };
      } catch (error) {
        const problem = `settings version ${stored.version} is not valid (${error instanceof Error ? error.message : String(error)}): version ${previous.version ?? 'none'} stays in use`;
        this.logger.error('merchandising settings not valid: the last good version stays in use', { tenant, problem });
        return { value: { ...previous, problem } };
      }
    } catch (error) {
      this.logger.warn('merchandising settings not readable: the last ones read stay in use', { tenant, error: error instanceof Error ? error.message : String(error) });
      return { value: previous, failed: true };
    }
  }
}
