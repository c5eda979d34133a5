import type { RawData, WebSocket } from 'ws';

/**
 * A WebSocket text frame as JSON, however ws delivered its bytes (one buffer, fragments or an
 * ArrayBuffer); null when it is larger than `maxBytes` or not JSON. The hub's sockets check the
 * result against their own schema.
 */
export function readJsonFrame(data: RawData, maxBytes = Number.POSITIVE_INFINITY): { json: unknown } | null {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (buffer.byteLength > maxBytes) return null;
  try {
    return { json: JSON.parse(buffer.toString('utf8')) as unknown };
  } catch {
    return null;
  }
}

/** Sends `message` as JSON if the socket is still open (a closing socket is not an error). */
export function sendJson(socket: WebSocket, message: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}
