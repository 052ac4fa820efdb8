/**
 * One run per tenant at a time. The lock is a document created with
 * op_type=create and renewed by its holder after every page; a lock whose
 * holder died (or could not release it because Elasticsearch was down) is
 * taken over once it expires, so its TTL can stay short.
 */
import type { StateStore, Versioned } from './state-store.js';

export interface LockState {
  owner: string;
  acquiredAt: string;
  expiresAt: number;
}

export type HeldLock = Versioned<LockState> & { tenant: string };

export class RunLock {
  constructor(
    private readonly store: StateStore,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async acquire(tenant: string, owner: string): Promise<HeldLock | undefined> {
    const value: LockState = { owner, acquiredAt: new Date(this.now()).toISOString(), expiresAt: this.now() + this.ttlMs };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const current = await this.store.get<LockState>('lock', tenant);
      if (current && current.value.expiresAt > this.now()) return undefined;
      if (await this.store.put('lock', tenant, value, current)) {
        const held = await this.store.get<LockState>('lock', tenant);
        if (held && held.value.owner === owner) return { ...held, tenant };
      }
    }
    return undefined;
  }

  /**
   * Extends our lock when a third of its TTL has passed. Returns the lock to
   * hold from now on; throws if another run took it over (we then must stop).
   */
  async renew(lock: HeldLock): Promise<HeldLock> {
    const remaining = lock.value.expiresAt - this.now();
    if (remaining > (this.ttlMs * 2) / 3) return lock;
    const value: LockState = { ...lock.value, expiresAt: this.now() + this.ttlMs };
    if (!(await this.store.put('lock', lock.tenant, value, lock))) {
      throw new Error(`lost the run lock for tenant ${lock.tenant}: another run took it over`);
    }
    const held = await this.store.get<LockState>('lock', lock.tenant);
    if (!held || held.value.owner !== lock.value.owner) throw new Error(`lost the run lock for tenant ${lock.tenant}`);
    return { ...held, tenant: lock.tenant };
  }

  /** Releases only our own lock: a no-op if it expired and someone else took it. */
  async release(lock: HeldLock): Promise<void> {
    await this.store.delete('lock', lock.tenant, lock);
  }
}
