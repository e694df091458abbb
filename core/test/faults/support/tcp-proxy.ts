import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * How the proxy treats traffic: `pass` forwards it, and `blackhole` accepts connections and keeps
 * them open but forwards nothing. That is a host gone from the network: no reply and no refusal.
 */
export type ProxyMode = 'pass' | 'blackhole';

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

/** A TCP proxy on 127.0.0.1 in front of `targetPort`, whose traffic a test can cut. */
export class TcpProxy {
  private mode: ProxyMode = 'pass';
  private readonly pairs = new Set<Pair>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    if (address === null || typeof address === 'string')
      throw new Error('the proxy has no TCP address');
    const proxy = new TcpProxy(server, address.port);
    server.on('connection', (client) => proxy.accept(client, targetPort));
    return proxy;
  }

  setMode(mode: ProxyMode): void {
    this.mode = mode;
    for (const pair of this.pairs) {
      if (mode === 'blackhole') {
        pair.client.unpipe();
        pair.upstream?.unpipe();
        pair.client.pause();
        pair.upstream?.pause();
      } else if (pair.upstream === null) {
        // Accepted while black-holed: the client sees a reset and connects again.
        pair.client.destroy();
      } else {
        pair.client.pipe(pair.upstream);
        pair.upstream.pipe(pair.client);
        pair.client.resume();
        pair.upstream.resume();
      }
    }
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, targetPort: number): void {
    const pair: Pair = { client, upstream: null };
    this.pairs.add(pair);
    const forget = (): void => {
      this.pairs.delete(pair);
      client.destroy();
      pair.upstream?.destroy();
    };
    client.on('error', forget);
    client.on('close', forget);
    if (this.mode === 'blackhole') {
      client.pause();
      return;
    }
    const upstream = connect({ port: targetPort, host: '127.0.0.1' });
    pair.upstream = upstream;
    upstream.on('error', forget);
    upstream.on('close', forget);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
