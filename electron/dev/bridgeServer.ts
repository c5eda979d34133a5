import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { BridgeClientFrame, BridgeServerFrame } from '../../shared/contract/tavsApi';
import type { ApiHost } from '../api/apiHost';
import { contentTypeFor, resolveBundlePath } from '../security/bundlePath';
import { contentSecurityPolicy, securityHeaders } from '../security/contentSecurityPolicy';
import type { Logger } from '../services/logger';

/**
 * Development and test transport (never part of a packaged build): serves the renderer bundle
 * over loopback HTTP and carries the API over a WebSocket on the same port, so the unchanged
 * renderer runs in a plain Chromium. Guarded three ways: bound to 127.0.0.1, a random per-run
 * token (passed in the URL fragment, which is never sent to a server), and an exact Origin check
 * so no other page on this machine can drive it.
 */
export const BRIDGE_PATH = '/__tavs/bridge';
export const BRIDGE_CLIENT_PATH = '/__tavs/bridge-client.js';
export const BRIDGE_MAX_FRAME_BYTES = 1024 * 1024;

export interface BridgeOptions {
  host: ApiHost;
  rendererRoot: string;
  bridgeClientFile: string;
  log: Logger;
  port?: number;
  token?: string;
}

export interface RunningBridge {
  origin: string;
  token: string;
  /** The URL a browser opens: origin plus the token in the fragment. */
  url: string;
  close(): Promise<void>;
}

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const { host, log } = options;
  const sockets = new Set<Socket>();
  let origin = '';
  let headers: Record<string, string> = {};

  const server = http.createServer((request, response) => {
    void serveFile(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, headers).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serveFile(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (request.method !== 'GET') return void response.writeHead(405, headers).end();
    const pathname = new URL(request.url ?? '/', origin).pathname;
    const file =
      pathname === BRIDGE_CLIENT_PATH ? options.bridgeClientFile : resolveBundlePath(options.rendererRoot, pathname);
    const body = file ? await fs.readFile(file).catch(() => null) : null;
    if (!file || !body) return void response.writeHead(404, headers).end('Not found');
    const content = file.endsWith('index.html') ? injectBridgeClient(body.toString('utf8')) : body;
    response.writeHead(200, { ...headers, 'Content-Type': contentTypeFor(file) }).end(content);
  }

  const webSockets = new WebSocketServer({ noServer: true, maxPayload: BRIDGE_MAX_FRAME_BYTES });
  server.on('upgrade', (request, socket, head) => {
    const refusal = checkUpgrade(request, { origin, token });
    if (refusal) {
      log.warn('bridge', 'connection refused', { status: refusal.status, reason: refusal.reason });
      socket.end(`HTTP/1.1 ${refusal.status} ${http.STATUS_CODES[refusal.status]}\r\nConnection: close\r\n\r\n`);
      return;
    }
    webSockets.handleUpgrade(request, socket, head, (ws) => serveClient(ws));
  });

  function serveClient(ws: WebSocket): void {
    const send = (frame: BridgeServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const removeSink = host.addEventSink((event, payload) => send({ kind: 'event', event, payload }));
    ws.on('close', removeSink);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: RawData) => {
      const frame = parseFrame(data);
      if (!frame) {
        log.warn('bridge', 'malformed frame, closing');
        ws.close(1007, 'malformed frame');
        return;
      }
      void host.dispatch(frame.channel, frame.payload).then((result) => send({ kind: 'response', id: frame.id, result }));
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  headers = securityHeaders(contentSecurityPolicy({ extraConnectSrc: [`ws://127.0.0.1:${port}`] }));
  log.info('bridge', 'listening', { port });

  return {
    origin,
    token,
    url: `${origin}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of webSockets.clients) client.terminate();
        webSockets.close();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Returns why an upgrade is refused, or null. The reasons are fixed words, never request data. */
export function checkUpgrade(
  request: Pick<http.IncomingMessage, 'url' | 'headers' | 'socket'>,
  expected: { origin: string; token: string },
): { status: 401 | 403 | 404; reason: string } | null {
  const remote = request.socket.remoteAddress ?? '';
  if (!isLoopbackAddress(remote)) return { status: 403, reason: 'not loopback' };
  const url = new URL(request.url ?? '/', expected.origin);
  if (url.pathname !== BRIDGE_PATH) return { status: 404, reason: 'wrong path' };
  if (request.headers.origin !== expected.origin) return { status: 403, reason: 'wrong origin' };
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const wanted = Buffer.from(expected.token);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { status: 401, reason: 'wrong token' };
  return null;
}

export function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

function parseFrame(data: RawData): BridgeClientFrame | null {
  let frame: unknown;
  try {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data));
    const text = bytes.toString('utf8');
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof frame !== 'object' || frame === null) return null;
  const { kind, id, channel } = frame as Record<string, unknown>;
  if (kind !== 'request' || typeof id !== 'number' || !Number.isSafeInteger(id) || typeof channel !== 'string') return null;
  return frame as BridgeClientFrame;
}

/** The bridge client must define `window.tavs` before the app's module script runs. */
function injectBridgeClient(html: string): string {
  return html.replace('<head>', `<head>\n    <script src="${BRIDGE_CLIENT_PATH}"></script>`);
}
