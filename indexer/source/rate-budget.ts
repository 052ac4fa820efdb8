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
  /** The API told us to wait (429 Retry-After) until this instant. */
  blockedUntil: number;
}

export type BudgetDecision = { granted: true; next: BudgetState } | { granted: false; waitMs: number };

/** Pure: may a request go out at `now`, and what does the log look like after it? */
export function decide(state: BudgetState | undefined, now: number, limit: number, windowMs: number): BudgetDecision {
  const reservations = (state?.reservations ?? []).filter((at) => at > now - windowMs).sort((a, b) => a - b);
  const blockedUntil = state?.blockedUntil ?? 0;
  if (blockedUntil > now) return { granted: false, waitMs: blockedUntil - now };
  if (reservations.length >= limit) {
    const oldest = reservations[reservations.length - limit] ?? now;
    return { granted: false, waitMs: Math.max(1, oldest + windowMs - now) };
  }
  return { granted: true, next: { reservations: [...reservations, now], blockedUntil } };
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

  /** Waits for and reserves one request slot. */
  async acquire(): Promise<void> {
    for (;;) {
      const current = await this.current();
      const windowMs = this.options.windowMs + (this.options.safetyMarginMs ?? 1000);
      const decision = decide(current?.value, this.now(), this.options.limit, windowMs);
      if (decision.granted) {
        if (await this.save(decision.next, current)) {
          this.reserved += 1;
          return;
        }
        continue; // someone else wrote the budget: decide again on fresh state
      }
      this.known = undefined; // after waiting, look again: another run may have used or freed slots
      await this.wait(decision.waitMs);
    }
  }

  /** The API answered 429: nobody for this tenant sends before `retryAfterMs` has passed. */
  async blockFor(retryAfterMs: number): Promise<void> {
    const until = this.now() + retryAfterMs;
    for (;;) {
      const current = await this.current();
      const next = { reservations: current?.value.reservations ?? [], blockedUntil: Math.max(current?.value.blockedUntil ?? 0, until) };
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
