import WebSocket from 'ws';
import { fullJitterDelay, type BackoffOptions } from './backoff';

/** Why a socket closed, as the owner decides on it. */
export interface SocketClosed {
  /** The close code (1006 when the connection broke or never opened). */
  code: number;
  /** The HTTP status with which the hub refused the upgrade (401, 403, …); null if it did not. */
  refusedStatus: number | null;
  /** Whether the socket had opened. */
  opened: boolean;
}

export interface SocketHandlers {
  /** The socket is open; messages may be sent. */
  opened(): void;
  /** A text frame that parsed as JSON (anything else is dropped before it gets here). */
  message(data: unknown): void;
  /** The socket is gone; answer whether to open another (with backoff) or stay closed. */
  closed(closed: SocketClosed): 'reconnect' | 'stop';
}

export interface ReconnectOptions {
  backoff: BackoffOptions;
  random?: () => number;
}

/**
 * One WebSocket to the hub that is opened again, after a full-jitter backoff, whenever it
 * closes, until its owner says stop. The owner sees parsed JSON messages and decides on every
 * close; `open` makes a fresh socket with the current token (null: no session, try later).
 */
export class ReconnectingSocket {
  private socket: WebSocket | null = null;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly open: () => WebSocket | null,
    private readonly handlers: SocketHandlers,
    private readonly options: ReconnectOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends `message` as JSON if the socket is open; false if it is not. */
  send(message: unknown): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** The connection counts as good: the next failure starts the backoff from the beginning. */
  healthy(): void {
    this.failures = 0;
  }

  /** Drops the current socket (a dead connection) and connects again after the backoff. */
  restart(): void {
    this.socket?.terminate();
  }

  /** Closes for good: no more reconnects, no more handler calls. */
  stop(code = 1000): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    if (socket.readyState === WebSocket.OPEN) socket.close(code);
    else socket.terminate();
  }

  private connect(): void {
    if (this.stopped) return;
    const socket = this.open();
    if (!socket) {
      this.retry();
      return;
    }
    this.socket = socket;
    let refusedStatus: number | null = null;
    let opened = false;
    socket.on('unexpected-response', (_request, response) => {
      refusedStatus = response.statusCode ?? 0;
      response.resume();
      socket.terminate();
    });
    socket.on('open', () => {
      if (this.socket !== socket) return;
      opened = true;
      this.handlers.opened();
    });
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (this.socket !== socket || isBinary) return;
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return;
      }
      this.handlers.message(parsed);
    });
    // 'close' follows every 'error'; the error's text may hold an address, so it is not kept.
    socket.on('error', () => undefined);
    socket.on('close', (code: number) => {
      if (this.socket !== socket) return;
      this.socket = null;
      const next = this.handlers.closed({ code, refusedStatus, opened });
      if (next === 'stop') this.stopped = true;
      else this.retry();
    });
  }

  private retry(): void {
    if (this.stopped) return;
    this.failures += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), fullJitterDelay(this.failures, this.options.backoff, this.options.random));
    this.retryTimer.unref();
  }
}
