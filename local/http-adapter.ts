/**
 * Serves a Lambda HTTP handler over real HTTP on this machine by building
 * the same API Gateway HTTP API (payload v2) events API Gateway would, so
 * `npm start`, the tests and the bench exercise the deployed code path.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
/** Requests the Lambda does not serve (the demo page, status): return true when handled. */
export type LocalRoute = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

const MAX_BODY = 1024 * 1024; // API Gateway's payload limit is larger; this is plenty for search

export function toEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const now = new Date();
  const text = body.toString('utf8');
  const binary = body.length > 0 && Buffer.from(text, 'utf8').length !== body.length;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: binary ? body.toString('base64') : text, isBase64Encoded: binary } : { isBase64Encoded: false }),
  };
}

/** One request through a Lambda handler, as API Gateway would pass it. */
async function serveEvent(handler: HttpHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) {
      res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":{"code":"payload_too_large","message":"request body too large"}}');
      return;
    }
    chunks.push(chunk as Buffer);
  }
  const result = await handler(toEvent(req, Buffer.concat(chunks)));
  const headers = { ...(result.headers as Record<string, string>) };
  const payload = result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined;
  if (payload) headers['content-length'] = String(payload.length);
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(payload);
}

/** Another Lambda's handler on the same port, for the paths it routes (the admin API beside search, as one API Gateway routes them). */
export function handlerRoute(routes: (pathname: string) => boolean, handler: HttpHandler): LocalRoute {
  return async (req, res) => {
    if (!routes(new URL(req.url ?? '/', 'http://local').pathname)) return false;
    await serveEvent(handler, req, res);
    return true;
  };
}

export async function serveHandler(handler: HttpHandler, options: { host?: string; port?: number; localRoutes?: LocalRoute[] } = {}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    try {
      for (const route of options.localRoutes ?? []) if (await route(req, res)) return;
      await serveEvent(handler, req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"internal_error","message":"local adapter failure"}}');
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
