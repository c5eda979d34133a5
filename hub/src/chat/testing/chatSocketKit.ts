import crypto from 'node:crypto';
import WebSocket from 'ws';
import {
  CHAT_COUNSELLOR_SOCKET_PATH,
  CHAT_VISITOR_SOCKET_PATH,
  type CounsellorEvent,
  type CounsellorMessage,
  type VisitorEvent,
  type VisitorMessage,
} from '../../../../shared/hub/chatApi';
import { wsUrl } from '../../presence/testing/presenceTestKit';

type Event = { type: string };

/** A real WebSocket client for the chat sockets that queues what it receives, for `next(...)`. */
export class ChatTestSocket<E extends Event> {
  readonly received: E[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { match: (event: E) => boolean; resolve: (event: E) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const event = JSON.parse(data.toString('utf8')) as E;
      this.received.push(event);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(event)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens the socket; rejects with the HTTP status when the hub refuses the upgrade. */
  static open<E extends Event>(url: string, options: { token?: string; forwardedFor?: string; localAddress?: string } = {}): Promise<ChatTestSocket<E>> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;
    const ws = new WebSocket(url, { headers, ...(options.localAddress ? { localAddress: options.localAddress } : {}), maxPayload: 8 * 1024 * 1024 });
    const socket = new ChatTestSocket<E>(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_request, response) => reject(new Error(`refused ${response.statusCode}`)));
      ws.once('error', reject);
    });
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  /** The first event (already received or still to come) of this type that matches, within `timeoutMs`. */
  next<T extends E['type']>(type: T, match: (event: Extract<E, { type: T }>) => boolean = () => true, timeoutMs = 10_000): Promise<Extract<E, { type: T }>> {
    const test = (event: E): event is Extract<E, { type: T }> => event.type === type && match(event as Extract<E, { type: T }>);
    const already = this.received.find(test);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter = { match: test, resolve: (event: E) => (clearTimeout(timer), resolve(event as Extract<E, { type: T }>)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no ${type} within ${timeoutMs} ms; received ${JSON.stringify(this.received.slice(-5))}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  clear(): void {
    this.received.length = 0;
  }

  close(): void {
    this.ws.close();
  }
}

/** A visitor's socket; sends `send` as JSON. */
export type VisitorSocket = ChatTestSocket<VisitorEvent> & { send(message: VisitorMessage): void };
export type CounsellorSocket = ChatTestSocket<CounsellorEvent> & { send(message: CounsellorMessage): void };

function withSend<E extends Event, M>(socket: ChatTestSocket<E>): ChatTestSocket<E> & { send(message: M): void } {
  return Object.assign(socket, { send: (message: M) => socket.sendRaw(JSON.stringify(message)) });
}

/** A private address (almost surely) nobody else in the run uses, as a visitor's own behind the proxy. */
export function testAddress(): string {
  return `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
}

export async function openVisitorSocket(baseUrl: string, options: { forwardedFor?: string; localAddress?: string } = {}): Promise<VisitorSocket> {
  return withSend<VisitorEvent, VisitorMessage>(await ChatTestSocket.open<VisitorEvent>(wsUrl(baseUrl, CHAT_VISITOR_SOCKET_PATH), options));
}

/** A visitor with a new conversation, welcomed; `token` resumes it. */
export async function newVisitor(baseUrl: string, options: { forwardedFor?: string; localAddress?: string } = {}): Promise<{ socket: VisitorSocket; token: string }> {
  const socket = await openVisitorSocket(baseUrl, options);
  socket.send({ type: 'hello', token: null });
  const welcome = await socket.next('welcome');
  return { socket, token: welcome.token };
}

/** A counsellor's chat socket, welcomed, and (unless told otherwise) accepting offers. */
export async function openCounsellorChat(baseUrl: string, token: string, accepting = true): Promise<CounsellorSocket> {
  const socket = withSend<CounsellorEvent, CounsellorMessage>(await ChatTestSocket.open<CounsellorEvent>(wsUrl(baseUrl, CHAT_COUNSELLOR_SOCKET_PATH), { token }));
  await socket.next('welcome');
  if (accepting) socket.send({ type: 'accepting', accepting: true });
  return socket;
}
