/** Starting and stopping the local stand-in servers (commerce API, Parameter Store, test proxies) the same way. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens (default: a free port on the loopback) and returns the server's base URL. */
export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { address, port: bound } = server.address() as AddressInfo;
  return `http://${address}:${bound}`;
}

/** Closes the server and every open connection (keep-alive sockets would hold it open). */
export async function close(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
