/**
 * A TCP proxy in front of the test Elasticsearch that can play dead: when
 * armed, it forwards half of the next `_bulk` request, then drops every
 * connection and refuses new ones until `start()`, as a crashed node would.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class FlakyProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private down = false;
  private armed = false;
  url = '';
  /** Set once the proxy has cut a bulk request. */
  cutBulk = false;

  constructor(private readonly target: URL) {}

  async listen(): Promise<string> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}`;
    return this.url;
  }

  /** The next bulk request is cut halfway and the "node" goes down. */
  stopDuringNextBulk(): void {
    this.armed = true;
  }

  start(): void {
    this.down = false;
  }

  private accept(client: Socket): void {
    if (this.down) return void client.destroy();
    const upstream = connect(Number(this.target.port), this.target.hostname);
    this.sockets.add(client).add(upstream);
    const forget = () => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', forget).on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      if (this.armed && chunk.includes('/_bulk')) {
        this.armed = false;
        this.cutBulk = true;
        upstream.write(chunk.subarray(0, Math.floor(chunk.length / 2)));
        this.goDown();
        return;
      }
      if (!this.down) upstream.write(chunk);
    });
    upstream.on('close', () => client.destroy());
  }

  private goDown(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.goDown();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
