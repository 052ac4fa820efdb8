/**
 * Waits `ms`, or less when `signal` aborts; the timer is cleared then, so a
 * stopped process is not held open. A wait that ends on time removes its
 * listener: one run's signal sees many waits (every rate-limit pause).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
