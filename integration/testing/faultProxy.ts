import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with a request:
 * - `forward`: passes it to the hub and the hub's answer back;
 * - `fail-500`: answers 500 in the hub's error format, without asking the hub;
 * - `hang`: reads the request and never answers;
 * - `reset`: drops the connection at once (the client sees a network error);
 * - `forward-then-drop`: passes it to the hub, lets the hub answer, then drops the client's
 *   connection instead of delivering that answer (the hub acted; the client never learns it);
 * - `answer`: a fixed status and JSON body, without asking the hub.
 */
export type ProxyMode =
  | { kind: 'forward' }
  | { kind: 'fail-500' }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'forward-then-drop' }
  | { kind: 'answer'; status: number; body: unknown; headers?: Record<string, string> };

export interface ProxiedRequest {
  method: string;
  path: string;
  mode: ProxyMode['kind'];
  /** The bearer token it carried (so a test can look for it where it must never be). */
  token: string | null;
  /** The JSON body, if any. */
  body: unknown;
}

export interface FaultProxy {
  url: string;
  /** Every request seen, in order. */
  requests: ProxiedRequest[];
  /** The most requests to each path that were open at the same time. */
  maxConcurrent: Map<string, number>;
  /**
   * Applies `mode` to requests whose path starts with `only` (all, without it); others are
   * forwarded. With `times`, only to that many requests, then back to forwarding.
   */
  set(mode: ProxyMode, only?: string, times?: number): void;
  /** Runs before a forwarded answer goes back to the client (e.g. to stop the client meanwhile). */
  beforeAnswer: ((request: ProxiedRequest) => Promise<void>) | null;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a real hub that can fail the way networks and servers fail:
 * the fault tests run the real client against the real hub through it.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const hub = new URL(target);
  const sockets = new Set<Socket>();
  let rule: { mode: ProxyMode; only: string | undefined; left: number } = { mode: { kind: 'forward' }, only: undefined, left: Infinity };
  const open = new Map<string, number>();

  const proxy: FaultProxy = {
    url: '',
    requests: [],
    maxConcurrent: new Map(),
    set(mode, only, times) {
      rule = { mode, only, left: times ?? Infinity };
    },
    beforeAnswer: null,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    const applies = rule.left > 0 && (rule.only === undefined || path.startsWith(rule.only));
    if (applies) rule.left--;
    const mode: ProxyMode = applies ? rule.mode : { kind: 'forward' };
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null;
    const seen: ProxiedRequest = { method: request.method ?? 'GET', path, mode: mode.kind, token, body: null };
    proxy.requests.push(seen);
    open.set(path, (open.get(path) ?? 0) + 1);
    proxy.maxConcurrent.set(path, Math.max(proxy.maxConcurrent.get(path) ?? 0, open.get(path) ?? 0));
    // 'close' comes when the answer is sent or the connection is gone (a client giving up included).
    response.on('close', () => open.set(path, (open.get(path) ?? 1) - 1));
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        seen.body = body.length > 0 ? (JSON.parse(body.toString('utf8')) as unknown) : null;
      } catch {
        seen.body = null;
      }
      switch (mode.kind) {
        case 'hang':
          return;
        case 'reset':
          request.socket.destroy();
          return;
        case 'fail-500':
          respond(response, 500, { error: 'internal', message: 'internal error' });
          return;
        case 'answer':
          respond(response, mode.status, mode.body, mode.headers);
          return;
        case 'forward':
        case 'forward-then-drop':
          forward(hub, request, body, (answer) => {
            void (async () => {
              if (proxy.beforeAnswer) await proxy.beforeAnswer(seen);
              if (mode.kind === 'forward-then-drop') request.socket.destroy();
              else {
                response.writeHead(answer.status, answer.headers);
                response.end(answer.body);
              }
            })();
          }, () => request.socket.destroy());
          return;
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

function respond(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

interface Answer {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

function forward(hub: URL, request: http.IncomingMessage, body: Buffer, done: (answer: Answer) => void, failed: () => void): void {
  const headers = { ...request.headers, host: hub.host };
  const upstream = http.request({ host: hub.hostname, port: hub.port, method: request.method, path: request.url, headers }, (answer) => {
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('end', () => {
      // Hop-by-hop headers stay on their hop; the body goes as one piece with its length.
      const headers: http.OutgoingHttpHeaders = { ...answer.headers };
      for (const name of ['connection', 'keep-alive', 'transfer-encoding']) delete headers[name];
      const body = Buffer.concat(chunks);
      done({ status: answer.statusCode ?? 502, headers: { ...headers, 'content-length': body.length }, body });
    });
    answer.on('error', failed);
  });
  upstream.on('error', failed);
  upstream.end(body);
}
