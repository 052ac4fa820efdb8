/**
 * One run per tenant at a time. The lock is a document created with
 * op_type=create; a lock whose holder died is taken over once it expires
 * (its TTL is longer than the longest Lambda invocation).
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

  /** Releases only our own lock: a no-op if it expired and someone else took it. */
  async release(lock: HeldLock): Promise<void> {
    await this.store.delete('lock', lock.tenant, lock);
  }
}
