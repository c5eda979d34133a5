import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback web server that only watches: every request to it is recorded and answered with a
 * small page. The chat tests point what must never be fetched at it (a link, an image, a script
 * planted in a visitor's message) and use it as the harmless page of the widget's quick exit.
 */
export interface WatchServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every request seen, as `METHOD /path?query`. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startWatchServer(): Promise<WatchServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    requests.push(`${request.method ?? 'GET'} ${request.url ?? '/'}`);
    const page = '<!doctype html><html lang="da"><head><title>Vejret</title></head><body><h1>Vejret i dag</h1></body></html>';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
    response.end(page);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
