/**
 * The modes a schedule asked for and no run has carried out yet, per tenant
 * (`requests:<tenant>` in the state index). The nightly full reindex and the
 * hourly reconciliation fire in the same minute as the every-minute sync, and
 * only one run may hold a tenant: whichever comes second used to end as
 * `skipped`, and its work was lost until the next day or hour. Now every full
 * or reconcile invocation first records its request here, then tries to take
 * the tenant; the run that holds the tenant (this one, or the next, within a
 * minute) carries out every request recorded, and clears each only once done.
 *
 * The document is separate from the sync state on purpose: that one is fenced
 * by the lock's holder, and a waiting run writing into it would look to the
 * holder like a takeover.
 */
import type { StateStore, Versioned } from './state-store.js';

export type RequestedMode = 'full' | 'reconcile';

/** When each mode was last asked for and not yet carried out (ISO), or null. */
export type ModeRequests = Partial<Record<RequestedMode, string | null>>;

const ATTEMPTS = 10;

export class ModeRequestStore {
  constructor(
    private readonly store: StateStore,
    private readonly tenant: string,
  ) {}

  /**
   * Records that `mode` is wanted as of `at`. A newer request replaces a pending one: a run that is carrying
   * out the older one (it may have read the catalog already) then leaves the newer one for the next run.
   */
  async request(mode: RequestedMode, at: Date = new Date()): Promise<void> {
    await this.change((requests) => ({ ...requests, [mode]: at.toISOString() }));
  }

  async pending(): Promise<ModeRequests> {
    return (await this.store.get<ModeRequests>('requests', this.tenant))?.value ?? {};
  }

  /** Clears `mode` when it is still the request that was carried out (one made since stays). */
  async done(mode: RequestedMode, requestedAt: string | null | undefined): Promise<void> {
    if (!requestedAt) return;
    await this.change((requests) => (requests[mode] === requestedAt ? { ...requests, [mode]: null } : undefined));
  }

  /** A conditional read-modify-write, retried when another writer got there first; `edit` returns undefined for "no change". */
  private async change(edit: (requests: ModeRequests) => ModeRequests | undefined): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const current: Versioned<ModeRequests> | undefined = await this.store.get<ModeRequests>('requests', this.tenant);
      const next = edit(current?.value ?? {});
      if (!next) return;
      if (await this.store.write('requests', this.tenant, next, current)) return;
    }
    throw new Error(`could not record the schedule's request for tenant ${this.tenant}: ${ATTEMPTS} conflicting writes`);
  }
}
