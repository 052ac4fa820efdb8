/**
 * The tenant's request budget against the commerce API (about 100 requests
 * per 5 minutes), shared by every run: concurrent ones (other Lambda
 * invocations) and consecutive ones (the next scheduled run) alike. Each
 * request first reserves a slot in a sliding-window log stored in
 * Elasticsearch; the reservation is written before the request is sent, so a
 * crash can only over-count, never exceed the limit. Writes are conditional
 * on the version last seen; a run keeps the version of its own last write
 * (it holds the tenant's lock, so nobody else spends this budget meanwhile)
 * and reads again only after a conflict. A realtime read of a document just
 * written makes Elasticsearch refresh the shard, ~0.1 s under bulk load.
 */
import type { StateStore, Versioned } from '../sink/state-store.js';
import { sleep } from '../sleep.js';

export interface BudgetState {
  /** Epoch ms of each reserved request inside the window, oldest first. */
  reservations: number[];
  /** Of those, the ones the reconciliation and verification sweeps reserved (absent in older states). */
  sweeps?: number[];
  /** The API told us to wait (429 Retry-After) until this instant. */
  blockedUntil: number;
}

/**
 * sync: the change feed, whose one-minute promise comes first. sweep: reconciliation and pre-swap
 * verification, which may use only their share of each window (RateBudgetOptions.sweepShare).
 */
export type RequestKind = 'sync' | 'sweep';

export type BudgetDecision =
  | { granted: true; next: BudgetState }
  /** `sweepShareSpent`: only the sweeps' share is used up (a sync request would be granted). */
  | { granted: false; waitMs: number; sweepShareSpent?: boolean };

/** The sweeps' slots in a window: their share of the limit, at least one. */
export const sweepSlots = (limit: number, share: number): number => Math.max(1, Math.floor(limit * share));

/** Pure: may a request of `kind` go out at `now`, and what does the log look like after it? */
export function decide(state: BudgetState | undefined, now: number, limit: number, windowMs: number, kind: RequestKind = 'sync', sweepShare = 1): BudgetDecision {
  const inWindow = (log: number[] | undefined) => (log ?? []).filter((at) => at > now - windowMs).sort((a, b) => a - b);
  const reservations = inWindow(state?.reservations);
  const sweeps = inWindow(state?.sweeps);
  const blockedUntil = state?.blockedUntil ?? 0;
  if (blockedUntil > now) return { granted: false, waitMs: blockedUntil - now };
  if (reservations.length >= limit) {
    const oldest = reservations[reservations.length - limit] ?? now;
    return { granted: false, waitMs: Math.max(1, oldest + windowMs - now) };
  }
  const slots = sweepSlots(limit, sweepShare);
  if (kind === 'sweep' && sweeps.length >= slots) {
    const oldest = sweeps[sweeps.length - slots] ?? now;
    return { granted: false, waitMs: Math.max(1, oldest + windowMs - now), sweepShareSpent: true };
  }
  return { granted: true, next: { reservations: [...reservations, now], sweeps: kind === 'sweep' ? [...sweeps, now] : sweeps, blockedUntil } };
}

/**
 * Thrown to a sweep whose share of the window is spent, in a run with a deadline (a scheduled Lambda run):
 * the sweep checkpoints and the next run continues it, rather than holding the tenant to wait for a slot.
 */
export class SweepShareSpentError extends Error {
  override name = 'SweepShareSpentError';
  constructor(readonly waitMs: number) {
    super(`the sweeps' share of the rate window is spent: next sweep request possible in ${Math.ceil(waitMs / 1000)} s; continued by the next run`);
  }
}

/** Thrown when the next slot frees only after the run's deadline: the run checkpoints and stops. */
export class BudgetExhaustedError extends Error {
  override name = 'BudgetExhaustedError';
  constructor(readonly waitMs: number) {
    super(`rate-limit budget exhausted: next request possible in ${Math.ceil(waitMs / 1000)} s, after this run's deadline`);
  }
}

export interface RateBudgetOptions {
  limit: number;
  windowMs: number;
  /** Epoch ms after which the run must not wait any more (Lambda time left); undefined: wait as long as needed. */
  deadline?: number | undefined;
  /**
   * Added to the window: our reservation is stamped before the request reaches
   * the API, whose clock starts later, so a slot is reused only once the API's
   * window has surely moved on too.
   */
  safetyMarginMs?: number;
  /** Aborted: stop waiting (the run is asked to stop, e.g. Ctrl-C). */
  signal?: AbortSignal;
  /** The share of each window the sweeps may use (0..1], so incremental syncs always find slots. Default 1. */
  sweepShare?: number;
  /**
   * Whether a sweep request waits for its share to free up, or throws SweepShareSpentError so the sweep
   * checkpoints and a later run continues it. Default: wait only in a run without a deadline (the CLI).
   */
  sweepsWait?: boolean;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}


export class RateBudget {
  /** Requests this process reserved, for run metrics. */
  reserved = 0;
  /** Total time spent waiting for the budget. */
  waitedMs = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The stored state as of our last read or write; undefined: read it. */
  private known: Versioned<BudgetState> | null | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly tenant: string,
    private readonly options: RateBudgetOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleep;
  }

  private async current(): Promise<Versioned<BudgetState> | undefined> {
    if (this.known === undefined) this.known = (await this.store.get<BudgetState>('budget', this.tenant)) ?? null;
    return this.known ?? undefined;
  }

  /** Writes `next` if the stored state is still the one we know; on conflict, forgets it (re-read next time). */
  private async save(next: BudgetState, expected: Versioned<BudgetState> | undefined): Promise<boolean> {
    const written = await this.store.write('budget', this.tenant, next, expected);
    this.known = written;
    return written !== undefined;
  }

  /** Requests the sweeps reserved in this process. */
  sweepReserved = 0;

  /**
   * Waits for and reserves one request slot. A sweep's request waits only when `sweepsWait` (by default
   * in a run without a deadline: the CLI); otherwise, once the sweeps' share is spent, it throws
   * SweepShareSpentError.
   */
  async acquire(kind: RequestKind = 'sync'): Promise<void> {
    for (;;) {
      const current = await this.current();
      const windowMs = this.options.windowMs + (this.options.safetyMarginMs ?? 1000);
      const decision = decide(current?.value, this.now(), this.options.limit, windowMs, kind, this.options.sweepShare ?? 1);
      if (decision.granted) {
        if (await this.save(decision.next, current)) {
          this.reserved += 1;
          if (kind === 'sweep') this.sweepReserved += 1;
          return;
        }
        continue; // someone else wrote the budget: decide again on fresh state
      }
      if (decision.sweepShareSpent && !(this.options.sweepsWait ?? this.options.deadline === undefined)) throw new SweepShareSpentError(decision.waitMs);
      this.known = undefined; // after waiting, look again: another run may have used or freed slots
      await this.wait(decision.waitMs);
    }
  }

  /** The API answered 429: nobody for this tenant sends before `retryAfterMs` has passed. */
  async blockFor(retryAfterMs: number): Promise<void> {
    const until = this.now() + retryAfterMs;
    for (;;) {
      const current = await this.current();
      const next = { ...current?.value, reservations: current?.value.reservations ?? [], blockedUntil: Math.max(current?.value.blockedUntil ?? 0, until) };
      if (await this.save(next, current)) return;
    }
  }

  private async wait(ms: number): Promise<void> {
    if (this.options.deadline !== undefined && this.now() + ms > this.options.deadline) {
      throw new BudgetExhaustedError(ms);
    }
    if (this.options.signal?.aborted) throw new BudgetExhaustedError(ms);
    const started = this.now();
    const signal = this.options.signal;
    // Abortable: a run asked to stop does not sit out a five-minute window first.
    await this.sleep(ms, signal);
    this.waitedMs += this.now() - started;
    if (signal?.aborted) throw new BudgetExhaustedError(ms);
  }
}
