/**
 * An HTTP proxy in front of the test Elasticsearch that counts the requests
 * it forwards and misbehaves on the ones it is told to: `stall` never answers
 * (the connection stays open, as a node stuck in a long GC does), `fail`
 * answers 503 after a delay (a node failing slowly), `delay` forwards it
 * late (a slow, overloaded cluster). Requests are counted
 * one by one, whatever connection they come on.
 */
import http from 'node:http';

export type Behaviour = { kind: 'pass' } | { kind: 'stall' } | { kind: 'fail'; afterMs: number } | { kind: 'delay'; ms: number };

export class StallingProxy {
  private server?: http.Server;
  private readonly held = new Set<http.ServerResponse>();
  /** Requests seen, in order (method and path). */
  readonly seen: string[] = [];
  url = '';

  /** `behaviour(n)` decides what happens to the n-th request (1-based). */
  constructor(
    private readonly target: URL,
    public behaviour: (n: number) => Behaviour = () => ({ kind: 'pass' }),
  ) {}

  async listen(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this.url;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.seen.push(`${req.method} ${req.url}`);
    const behaviour = this.behaviour(this.seen.length);
    if (behaviour.kind === 'stall') {
      this.held.add(res);
      req.resume();
      return;
    }
    if (behaviour.kind === 'fail') {
      req.resume();
      const timer = setTimeout(() => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable","status":503}'), behaviour.afterMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (behaviour.kind === 'delay') {
      req.pause();
      const timer = setTimeout(() => this.forward(req, res), behaviour.ms);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    this.forward(req, res);
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const upstream = http.request(
      { host: this.target.hostname, port: this.target.port, path: req.url, method: req.method, headers: { ...req.headers, host: this.target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
