/**
 * One run per tenant at a time, and a run that lost its turn can change
 * nothing. The lock lives inside the tenant's sync-state document (the
 * watermark, the reindex checkpoint, the last run), so every state write is
 * conditional on that document's version (`if_seq_no`/`if_primary_term`):
 * once another run has taken the lock over, the old holder's writes fail
 * with LeaseLostError instead of overwriting newer state.
 *
 * The holder keeps the lock through every wait (rate budget, Retry-After,
 * Elasticsearch back-off): a heartbeat renews it every third of its TTL, and
 * every state write renews it too. A holder that died (or was frozen) stops
 * renewing, and its lock can be taken over once it expired. Writes outside
 * the document (failed items, the alias swap) call `fence()` first, which
 * renews the lock conditionally right before them.
 */
import type { StateStore, Versioned } from './state-store.js';

export interface LockState {
  owner: string;
  acquiredAt: string;
  expiresAt: number;
}

/** The document shape the lease needs: any state with a `lock` field. */
export interface Leased {
  lock?: LockState | null;
}

export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(
    readonly tenant: string,
    /** The run that holds the tenant now, when known. */
    readonly newOwner: string | undefined,
  ) {
    super(`the run lock for tenant ${tenant} was taken over${newOwner ? ` by run ${newOwner}` : ''}: this run stopped and wrote nothing more`);
  }
}

/**
 * The lock is about to expire and could not be renewed (Elasticsearch unreachable for the renewals): the
 * run stops cleanly before it could outlive its lock, and the next run continues from the checkpoint.
 */
export class LeaseExpiringError extends Error {
  override name = 'LeaseExpiringError';
  constructor(readonly tenant: string) {
    super(`the run lock for tenant ${tenant} could not be renewed before it expired: this run stopped; the next run continues`);
  }
}

export interface LeaseOptions {
  ttlMs: number;
  /**
   * How long before its expiry an unrenewed lock stops the run (default: a sixth of the TTL): the longest a
   * write already under way may still take (the Elasticsearch request timeout).
   */
  expiryMarginMs?: number;
  now?: () => number;
}

export class TenantLease<T extends Leased> {
  private lost: LeaseLostError | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  /** Writes of this lease, one at a time (the heartbeat and the run share one document version). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  private constructor(
    private readonly store: StateStore,
    readonly tenant: string,
    readonly owner: string,
    private readonly options: LeaseOptions,
    private held: Versioned<T>,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Takes the tenant's lock if it is free or expired; undefined when another run holds it. */
  static async acquire<T extends Leased>(
    store: StateStore,
    tenant: string,
    owner: string,
    empty: T,
    options: LeaseOptions,
  ): Promise<TenantLease<T> | undefined> {
    const now = options.now ?? Date.now;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const current = await store.get<T>('sync', tenant);
      const lock = current?.value.lock;
      if (lock && lock.owner !== owner && lock.expiresAt > now()) return undefined;
      const value = { ...empty, ...current?.value, lock: { owner, acquiredAt: new Date(now()).toISOString(), expiresAt: now() + options.ttlMs } };
      const written = await store.write<T>('sync', tenant, value, current);
      if (written) return new TenantLease(store, tenant, owner, options, written);
    }
    return undefined;
  }

  /** Who holds the tenant's lock now and until when (undefined: nobody). */
  static async holder(store: StateStore, tenant: string, now = Date.now()): Promise<LockState | undefined> {
    const lock = (await store.get<Leased>('sync', tenant))?.value.lock;
    return lock && lock.expiresAt > now ? lock : undefined;
  }

  /** The state as of this lease's last write. */
  get state(): T {
    return this.held.value;
  }

  /** Renews in the background every third of the TTL, so no wait can outlast the lock. */
  startHeartbeat(onLost?: (error: LeaseLostError) => void): void {
    this.heartbeat = setInterval(() => {
      this.renew().catch((error: unknown) => {
        if (error instanceof LeaseLostError) onLost?.(error);
        // Other failures (Elasticsearch briefly down): the next beat tries again; the TTL covers the gap.
      });
    }, Math.max(50, Math.floor(this.options.ttlMs / 3)));
    this.heartbeat.unref?.();
  }

  /**
   * Throws if the lock is known to be lost, or if it could expire before a write started now ends (renewals
   * failed: heartbeat failures end the run instead of being swallowed); costs nothing otherwise.
   */
  check(): void {
    if (this.lost) throw this.lost;
    const expiresAt = this.held.value.lock?.expiresAt ?? 0;
    if (expiresAt - this.now() < (this.options.expiryMarginMs ?? this.options.ttlMs / 6)) throw new LeaseExpiringError(this.tenant);
  }

  /** A fenced, renewing write of the state: `change` gets the current state (the lock is kept). */
  update(change: (state: T) => T): Promise<T> {
    return this.enqueue(async () => {
      this.check();
      const next = { ...change(this.held.value), lock: this.renewedLock() };
      await this.writeFenced(next);
      return this.held.value;
    });
  }

  /** Proves the lock is still ours right now (a renewing write): call before writes outside the state document. */
  fence(): Promise<void> {
    return this.enqueue(async () => {
      this.check();
      await this.writeFenced({ ...this.held.value, lock: this.renewedLock() });
    });
  }

  /** Renews when a third of the TTL has passed (the heartbeat's work). */
  renew(): Promise<void> {
    return this.enqueue(async () => {
      this.check();
      const remaining = (this.held.value.lock?.expiresAt ?? 0) - this.now();
      if (remaining > (this.options.ttlMs * 2) / 3) return;
      await this.writeFenced({ ...this.held.value, lock: this.renewedLock() });
    });
  }

  /** Final state write and release in one fenced write; a lost lock is left to its new holder. */
  release(change: (state: T) => T = (state) => state): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    return this.enqueue(async () => {
      this.check();
      await this.writeFenced({ ...change(this.held.value), lock: null });
    });
  }

  /** Stops the heartbeat without writing (the lock then expires on its own). */
  abandon(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  private renewedLock(): LockState {
    const lock = this.held.value.lock;
    return { owner: this.owner, acquiredAt: lock?.acquiredAt ?? new Date(this.now()).toISOString(), expiresAt: this.now() + this.options.ttlMs };
  }

  private async writeFenced(next: T): Promise<void> {
    const written = await this.store.write<T>('sync', this.tenant, next, this.held);
    if (written) {
      this.held = written;
      return;
    }
    // Someone else wrote the document: only a run that took the lock over does that, unless it was our
    // own earlier write whose answer we never saw (a timeout): then the lock is still ours, write again.
    const current = await this.store.get<T>('sync', this.tenant);
    if (current && current.value.lock?.owner === this.owner && (current.value.lock?.expiresAt ?? 0) > this.now()) {
      const retried = await this.store.write<T>('sync', this.tenant, next, current);
      if (retried) {
        this.held = retried;
        return;
      }
    }
    // Our own lock, expired (we were frozen past it): lost too, to whoever takes it next.
    const owner = current?.value.lock?.owner;
    this.lost = new LeaseLostError(this.tenant, owner === this.owner ? undefined : owner);
    if (this.heartbeat) clearInterval(this.heartbeat);
    throw this.lost;
  }

  private enqueue<R>(work: () => Promise<R>): Promise<R> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => {});
    return result;
  }
}
