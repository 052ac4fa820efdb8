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
import { ServiceUnavailableError } from '../errors.js';
import { untilAborted } from '../search/until-aborted.js';

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

interface Entry {
  current: TenantSettings;
  loadedAt: number;
  loading?: Promise<TenantSettings>;
}

export class SettingsCache implements SettingsSource {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly es: ElasticsearchHttp,
    private readonly indexPrefix: string,
    private readonly deployment: { synonymGroups: ReadonlyMap<string, SynonymGroups>; languages: ReadonlyMap<string, Language> },
    private readonly logger: Logger,
    private readonly maxAgeMs = 30_000,
    private readonly retryAfterFailureMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(tenant: string, signal?: AbortSignal): Promise<TenantSettings> {
    const entry = this.entries.get(tenant);
    if (!entry) {
      const loading = this.load(tenant);
      this.entries.set(tenant, { current: this.build(tenant, EMPTY_SETTINGS, null, null), loadedAt: 0, loading });
      return untilAborted(loading, signal, () => new ServiceUnavailableError("the request's budget was spent waiting for the tenant's settings"));
    }
    if (entry.loading && entry.loadedAt === 0) return untilAborted(entry.loading, signal, () => new ServiceUnavailableError("the request's budget was spent waiting for the tenant's settings"));
    if (!entry.loading && this.now() - entry.loadedAt > this.maxAgeMs) entry.loading = this.load(tenant); // stale-while-revalidate
    return entry.current;
  }

  private build(tenant: string, settings: MerchandisingSettings, version: number | null, problem: string | null): TenantSettings {
    return tenantSettings(settings, this.deployment.languages.get(tenant) ?? 'en', this.deployment.synonymGroups.get(tenant) ?? [], version, problem);
  }

  private async load(tenant: string): Promise<TenantSettings> {
    const previous = this.entries.get(tenant)?.current ?? this.build(tenant, EMPTY_SETTINGS, null, null);
    let current = previous;
    let loadedAt = this.now();
    const index = indexNames(this.indexPrefix, tenant).settingsIndex;
    try {
      // No settings index yet: no settings (ignore_unavailable), not an outage.
      const hit = (await this.es.search<StoredSettings>(index, { size: 1, query: { ids: { values: [SETTINGS_CURRENT_ID] } } }, { ignoreUnavailable: true })).hits.hits[0];
      const stored = hit?._source;
      if (!stored) current = previous.version === null ? previous : this.build(tenant, EMPTY_SETTINGS, null, null);
      else if (stored.version !== previous.version) {
        try {
          current = this.build(tenant, validateSettings(stored.settings), stored.version, null);
        } catch (error) {
          const problem = `settings version ${stored.version} is not valid (${error instanceof Error ? error.message : String(error)}): version ${previous.version ?? 'none'} stays in use`;
          this.logger.error('merchandising settings not valid: the last good version stays in use', { tenant, problem });
          current = { ...previous, problem };
        }
      }
    } catch (error) {
      this.logger.warn('merchandising settings not readable: the last ones read stay in use', { tenant, error: error instanceof Error ? error.message : String(error) });
      loadedAt = this.now() - this.maxAgeMs + this.retryAfterFailureMs;
    }
    this.entries.set(tenant, { current, loadedAt });
    return current;
  }
}
