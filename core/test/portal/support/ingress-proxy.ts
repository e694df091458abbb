import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** Path under which Home Assistant serves an add-on's ingress panel (token made up). */
export const INGRESS_PREFIX = '/api/hassio_ingress/Qx7rT2vN9pLm4sKd';

export interface ProxiedRequest {
  /** HTTP method, or `WS` for a WebSocket upgrade. */
  method: string;
  /** Path as the browser sent it, with the ingress prefix. */
  path: string;
  /** Whether the path was under the ingress prefix; anything else gets 404, as in Home Assistant. */
  underPrefix: boolean;
}

export interface IngressProxy {
  /** Origin of the proxy; the portal is at `${url}${INGRESS_PREFIX}/`. */
  url: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * Stands in for Home Assistant's ingress path: a request to `<prefix>/<path>` reaches the
 * core as `/<path>` with `X-Ingress-Path: <prefix>`, the browser's other headers (cookies,
 * Range) unchanged; WebSocket upgrades are passed through the same way. The requests
 * reach the core from 127.0.0.1, not from the Supervisor, so the core ignores ingress user headers.
 */
export async function startIngressProxy(target: string): Promise<IngressProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();

  const route = (incoming: IncomingMessage): string | undefined => {
    const path = incoming.url ?? '/';
    const underPrefix = path === INGRESS_PREFIX || path.startsWith(`${INGRESS_PREFIX}/`);
    const method =
      incoming.headers.upgrade?.toLowerCase() === 'websocket' ? 'WS' : (incoming.method ?? 'GET');
    requests.push({ method, path: path.split('?')[0] ?? path, underPrefix });
    if (!underPrefix) return undefined;
    return path.slice(INGRESS_PREFIX.length) || '/';
  };

  const headersFor = (incoming: IncomingMessage): Record<string, string | string[]> => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined) headers[name] = value;
    }
    headers['host'] = upstream.host;
    headers['x-ingress-path'] = INGRESS_PREFIX;
    return headers;
  };

  const server = createServer((incoming, outgoing) => {
    const path = route(incoming);
    if (path === undefined) {
      outgoing.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path,
        headers: headersFor(incoming),
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  server.on('upgrade', (incoming: IncomingMessage, client: Socket, head: Buffer) => {
    const path = route(incoming);
    if (path === undefined) {
      client.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const backend = connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${incoming.method ?? 'GET'} ${path} HTTP/1.1`];
      for (const [name, value] of Object.entries(headersFor(incoming))) {
        for (const item of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${item}`);
      }
      backend.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) backend.write(head);
      backend.pipe(client);
      client.pipe(backend);
    });
    sockets.add(backend);
    backend.on('close', () => sockets.delete(backend));
    backend.on('error', () => client.destroy());
    client.on('error', () => backend.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
