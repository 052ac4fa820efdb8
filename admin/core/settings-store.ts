/**
 * The tenants' merchandising settings in Elasticsearch, one index per tenant
 * (`<prefix>-settings-<tenant>`): the current version as `current`, and
 * every version ever published as `version-<n>`, so any of them can be read
 * back or rolled back to. Publishing is optimistic: the writer names the
 * version it edited; if another was published since, nothing is written
 * and the caller gets the current version (409). Two writers racing for the
 * same next version are told apart by creating `version-<n>`, which only
 * one of them can.
 */
import { errors, type Client } from '@elastic/elasticsearch';
import { indexNames, SETTINGS_CURRENT_ID, settingsVersionId } from '../../common/contract/index-names.js';
import type { MerchandisingSettings, StoredSettings } from '../../common/contract/merchandising.js';

export class SettingsConflictError extends Error {
  override name = 'SettingsConflictError';
  constructor(readonly currentVersion: number) {
    super(`the settings were changed since version you edited: the current version is ${currentVersion}; read it, apply your change to it, and publish again`);
  }
}

export class SettingsVersionNotFoundError extends Error {
  override name = 'SettingsVersionNotFoundError';
}

const MAPPING = {
  dynamic: false as const,
  properties: {
    tenant: { type: 'keyword' as const },
    version: { type: 'integer' as const },
    updated_at: { type: 'date' as const },
    updated_by: { type: 'keyword' as const },
    change: { type: 'keyword' as const },
    settings: { type: 'object' as const, enabled: false },
  },
};

const isStatus = (error: unknown, status: number) => error instanceof errors.ResponseError && error.meta.statusCode === status;

export class SettingsStore {
  private readonly ensured = new Set<string>();

  constructor(
    private readonly es: Client,
    private readonly indexPrefix: string,
  ) {}

  private index(tenant: string): string {
    return indexNames(this.indexPrefix, tenant).settingsIndex;
  }

  private async ensureIndex(index: string): Promise<void> {
    if (this.ensured.has(index)) return;
    try {
      await this.es.indices.create({ index, settings: { number_of_shards: 1, auto_expand_replicas: '0-1' }, mappings: MAPPING });
    } catch (error) {
      if (!(error instanceof errors.ResponseError && error.body?.error?.type === 'resource_already_exists_exception')) throw error;
    }
    this.ensured.add(index);
  }

  private async read(tenant: string, id: string): Promise<StoredSettings | null> {
    try {
      const doc = await this.es.get<StoredSettings>({ index: this.index(tenant), id });
      return doc._source ?? null;
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  /** The current settings; null before the first publish. */
  async current(tenant: string): Promise<StoredSettings | null> {
    const current = await this.read(tenant, SETTINGS_CURRENT_ID);
    // A publish that stopped between its two writes left a newer version: it is the current one.
    const next = await this.read(tenant, settingsVersionId((current?.version ?? 0) + 1));
    if (next) {
      await this.es.index({ index: this.index(tenant), id: SETTINGS_CURRENT_ID, document: next, refresh: true });
      return next;
    }
    return current;
  }

  /** Publishes `settings` over version `expectedVersion` (0: none yet); the new version is returned. */
  async publish(tenant: string, settings: MerchandisingSettings, expectedVersion: number, by: string, change = 'update'): Promise<StoredSettings> {
    const index = this.index(tenant);
    await this.ensureIndex(index);
    const currentVersion = (await this.current(tenant))?.version ?? 0;
    if (currentVersion !== expectedVersion) throw new SettingsConflictError(currentVersion);
    const document: StoredSettings = { tenant, version: currentVersion + 1, settings, updated_at: new Date().toISOString(), updated_by: by, change };
    try {
      await this.es.create({ index, id: settingsVersionId(document.version), document });
    } catch (error) {
      if (isStatus(error, 409)) throw new SettingsConflictError(document.version);
      throw error;
    }
    await this.es.index({ index, id: SETTINGS_CURRENT_ID, document, refresh: true });
    return document;
  }

  /** Every version, newest first, without their settings (at most `limit`). */
  async versions(tenant: string, limit = 100): Promise<Array<Omit<StoredSettings, 'settings'>>> {
    try {
      const response = await this.es.search<StoredSettings>({
        index: this.index(tenant),
        size: limit,
        _source: ['tenant', 'version', 'updated_at', 'updated_by', 'change'],
        query: { bool: { must_not: [{ ids: { values: [SETTINGS_CURRENT_ID] } }] } },
        sort: [{ version: 'desc' }],
      });
      return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
    } catch (error) {
      if (isStatus(error, 404)) return [];
      throw error;
    }
  }

  async version(tenant: string, version: number): Promise<StoredSettings> {
    const stored = await this.read(tenant, settingsVersionId(version));
    if (!stored) throw new SettingsVersionNotFoundError(`tenant has no settings version ${version}`);
    return stored;
  }

  /** Publishes version `to`'s settings again, as a new version. */
  async rollback(tenant: string, to: number, expectedVersion: number, by: string): Promise<StoredSettings> {
    const earlier = await this.version(tenant, to);
    return this.publish(tenant, earlier.settings, expectedVersion, by, `rollback to ${to}`);
  }
}
