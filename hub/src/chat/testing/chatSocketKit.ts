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
import { QueuedSocket } from '../../../testing/queuedSocket';
import { wsUrl } from '../../presence/testing/presenceTestKit';

type Event = { type: string };

/** A chat socket: the hub's events queued, for `next(...)`. */
export class ChatTestSocket<E extends Event> extends QueuedSocket<E> {
  private constructor(ws: WebSocket) {
    super(ws);
    ws.on('error', () => undefined);
  }

  /** Opens the socket; rejects with the HTTP status when the hub refuses the upgrade. */
  static open<E extends Event>(url: string, options: { token?: string; forwardedFor?: string; localAddress?: string } = {}): Promise<ChatTestSocket<E>> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;
    const ws = new WebSocket(url, { headers, ...(options.localAddress ? { localAddress: options.localAddress } : {}), maxPayload: 8 * 1024 * 1024 });
    return QueuedSocket.opened(new ChatTestSocket<E>(ws));
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  /** The first event (already received or still to come) of this type that matches, within `timeoutMs`. */
  next<T extends E['type']>(type: T, match: (event: Extract<E, { type: T }>) => boolean = () => true, timeoutMs = 10_000): Promise<Extract<E, { type: T }>> {
    const test = (event: E): event is Extract<E, { type: T }> => event.type === type && match(event as Extract<E, { type: T }>);
    return this.waitFor(test, timeoutMs, type) as Promise<Extract<E, { type: T }>>;
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
