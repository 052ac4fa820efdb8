/**
 * The platform's per-tenant limit (about 100 requests per 5 minutes) as a
 * sliding-window log: a request is accepted when fewer than `limit` accepted
 * requests fall inside the last `windowMs`. Refused requests do not count.
 */
export class SlidingWindowLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records the request and returns 0 when accepted, else milliseconds until a slot frees. */
  tryAcquire(key: string, now: number): number {
    const log = (this.accepted.get(key) ?? []).filter((at) => at > now - this.windowMs);
    this.accepted.set(key, log);
    if (log.length < this.limit) {
      log.push(now);
      return 0;
    }
    return (log[0] ?? now) + this.windowMs - now;
  }
}
