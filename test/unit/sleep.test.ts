import { getEventListeners } from 'node:events';
import { sleep } from '../../indexer/sleep.js';

describe('sleep', () => {
  test('a wait that ends on time leaves no listener on the run’s signal (a run waits many times on one signal)', async () => {
    const run = new AbortController();
    for (let i = 0; i < 12; i += 1) await sleep(1, run.signal);
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });

  test('an abort ends the wait at once', async () => {
    const run = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, run.signal);
    run.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
