/**
 * The suite's Elasticsearch behind an API-key check, standing in for a
 * secured cluster (the Maven Central distribution here has no security
 * module). Keys are registered as `read` (search, msearch, count: what the
 * search key's `read` privilege on the aliases allows) or `write` (anything).
 * A missing or unknown key answers 401, a read key asking for anything else
 * 403, with Elasticsearch's error shape. Every request is recorded.
 */
import { close, listen } from '../../local/http-server.js';
import { createServer, request as httpRequest, type Server } from 'node:http';

export type KeyRole = 'read' | 'write';

const READ_ACTION = /^\/[^/_][^/]*\/_(search|msearch|count)$|^\/_msearch$/;

export class SecuredElasticsearch {
  readonly keys = new Map<string, KeyRole>();
  readonly seen: Array<{ method: string; path: string; role: KeyRole | 'none' }> = [];
  private server?: Server;
  url = '';

  constructor(private readonly upstream: URL) {}

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const header = req.headers.authorization ?? '';
      const key = header.startsWith('ApiKey ') ? header.slice(7) : undefined;
      const role = key ? this.keys.get(key) : undefined;
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      this.seen.push({ method: req.method ?? 'GET', path, role: role ?? 'none' });
      const refuse = (status: 401 | 403, reason: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'security_exception', reason }, status }));
      };
      if (!role) return refuse(401, 'unable to authenticate with provided credentials');
      if (role === 'read' && !(['GET', 'POST'].includes(req.method ?? '') && READ_ACTION.test(path))) {
        return refuse(403, `action [${req.method} ${path}] is unauthorized for API key`);
      }
      const { authorization: _authorization, ...headers } = req.headers;
      const forward = httpRequest(
        { host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers: { ...headers, host: this.upstream.host } },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    });
    this.url = await listen(this.server);
    return this.url;
  }

  close(): Promise<void> {
    return close(this.server);
  }
}
