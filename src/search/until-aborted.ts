/**
 * `work`, or a rejection with `error()` as soon as `signal` aborts, whichever
 * comes first. The work itself is not cancelled (it may be shared, like a
 * lexicon read; calls that take the same signal abort on their own). The
 * abort listener is removed once the work settles, so a long-lived signal
 * collects none.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, error: () => Error): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(error());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(error());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (reason: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(reason);
      },
    );
  });
}
