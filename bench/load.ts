/**
 * Load against one target: autocannon for throughput and tail latency at a
 * given number of connections, and a sequential high-resolution timer for
 * the single-connection latencies autocannon rounds to whole milliseconds.
 */
import autocannon from 'autocannon';
import http from 'node:http';
import https from 'node:https';
import type { HttpRequest } from './workload.js';

export interface LoadResult {
  connections: number;
  durationSeconds: number;
  /** Answered within the time. */
  requests: number;
  /** Sent, answered or still in flight when the time ran out (the server handles those too). */
  sent: number;
  requestsPerSecond: number;
  p50: number;
  p97_5: number;
  p99: number;
  /** Non-2xx answers plus connection errors and timeouts. */
  errors: number;
}

export async function runLoad(url: string, requests: readonly HttpRequest[], connections: number, durationSeconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: durationSeconds,
    requests: requests.map((r) => ({ method: r.method, path: r.path, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) })),
    timeout: 10,
  });
  return {
    connections,
    durationSeconds,
    requests: result.requests.total,
    sent: (result.requests as { sent?: number }).sent ?? result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export interface SequentialTimings {
  count: number;
  /** Microseconds. */
  p50: number;
  p99: number;
  mean: number;
  errors: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** One connection, one request at a time, timed with process.hrtime: sub-millisecond differences stay visible. */
export async function timeSequentially(url: string, requests: readonly HttpRequest[], count: number): Promise<SequentialTimings> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 1 });
  const micros: number[] = [];
  let errors = 0;
  for (let i = 0; i < count; i += 1) {
    const r = requests[i % requests.length] as HttpRequest;
    const started = process.hrtime.bigint();
    const status = await new Promise<number>((resolve, reject) => {
      const req = client.request(
        { host: target.hostname, port: target.port, method: r.method, path: r.path, headers: r.headers, agent },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(r.body);
    });
    micros.push(Number(process.hrtime.bigint() - started) / 1000);
    if (status < 200 || status >= 300) errors += 1;
  }
  agent.destroy();
  const sorted = [...micros].sort((a, b) => a - b);
  return { count, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: micros.reduce((a, b) => a + b, 0) / count, errors };
}
