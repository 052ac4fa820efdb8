/**
 * A value per tenant read from Elasticsearch once per container, then read
 * again in the background once older than `maxAgeMs` (stale-while-
 * revalidate): a search waits only on its tenant's first read, and that wait
 * is bounded by its budget (503 once it is spent; the read goes on for the
 * others). The lexicon and the merchandising settings are both kept so.
 */
import { ServiceUnavailableError } from '../errors.js';
import { untilAborted } from './until-aborted.js';

/** What one read gives: the value, and whether it failed (then it is tried again after `retryAfterFailureMs`). */
export interface TenantRead<T> {
  value: T;
  failed?: boolean;
}

export interface TenantRefreshOptions<T> {
  /** Named in the 503 of a request whose budget ran out waiting ("the tenant's lexicon"). */
  what: string;
  /** Served while the first read is under way. */
  initial: (tenant: string) => T;
  /** Reads the tenant's value anew; `previous` is the one in use. Never throws: a failure keeps a value and says so. */
  read: (tenant: string, previous: T) => Promise<TenantRead<T>>;
  maxAgeMs: number;
  retryAfterFailureMs: number;
  now?: () => number;
  /**
   * A memory bound across tenants: each value's weight (e.g. a lexicon's words), and the most all may weigh
   * together. Past it, the tenants used least recently are dropped (read again at their next request).
   */
  weigh?: (value: T) => number;
  maxWeight?: number;
}

export class TenantRefresh<T> {
  private readonly entries = new Map<string, { value: T; loadedAt: number; loading?: Promise<T> }>();
  private readonly now: () => number;

  constructor(private readonly options: TenantRefreshOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  get(tenant: string, signal?: AbortSignal): Promise<T> {
    const entry = this.entries.get(tenant);
    if (entry && this.options.maxWeight !== undefined) {
      // Most recently used last (a Map keeps insertion order): the bound drops from the front.
      this.entries.delete(tenant);
      this.entries.set(tenant, entry);
    }
    const until = (loading: Promise<T>) =>
      untilAborted(loading, signal, () => new ServiceUnavailableError(`the request's budget was spent waiting for ${this.options.what}`));
    if (!entry) {
      const loading = this.load(tenant);
      this.entries.set(tenant, { value: this.options.initial(tenant), loadedAt: 0, loading });
      return until(loading);
    }
    if (entry.loading && entry.loadedAt === 0) return until(entry.loading);
    if (!entry.loading && this.now() - entry.loadedAt > this.options.maxAgeMs) entry.loading = this.load(tenant); // stale-while-revalidate
    return Promise.resolve(entry.value);
  }

  private async load(tenant: string): Promise<T> {
    const started = this.now();
    const { value, failed } = await this.options.read(tenant, this.entries.get(tenant)?.value ?? this.options.initial(tenant));
    // A failed read: Elasticsearch may be back in a moment, so try again soon rather than after a whole period.
    const loadedAt = failed ? this.now() - this.options.maxAgeMs + this.options.retryAfterFailureMs : started;
    this.entries.delete(tenant);
    this.entries.set(tenant, { value, loadedAt });
    this.keepWithinBound(tenant);
    return value;
  }

  /** Drops the least recently used tenants (never `keep`, nor one being read) while all weigh more than the bound. */
  private keepWithinBound(keep: string): void {
    const { weigh, maxWeight } = this.options;
    if (!weigh || maxWeight === undefined) return;
    let total = 0;
    for (const entry of this.entries.values()) total += weigh(entry.value);
    for (const [tenant, entry] of this.entries) {
      if (total <= maxWeight) break;
      if (tenant === keep || entry.loading) continue;
      this.entries.delete(tenant);
      total -= weigh(entry.value);
    }
  }

  /** Tenants held now (for status and tests). */
  tenants(): string[] {
    return [...this.entries.keys()];
  }
}
