import WebSocket from 'ws';
import { CHAT_VISITOR_SOCKET_PATH, type VisitorEvent, type VisitorMessage } from '../../shared/hub/chatApi';

/**
 * A visitor without the widget: a plain `ws` client on the hub's visitor socket, for what a page
 * cannot send (a 1 MB frame, malformed JSON) and for resuming a conversation by its token.
 */
export class RawVisitor {
  readonly events: VisitorEvent[] = [];
  /** The close code and reason, once the socket closed. */
  closed: { code: number; reason: string } | null = null;
  private readonly closing: Promise<{ code: number; reason: string }>;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      try {
        this.events.push(JSON.parse(data.toString('utf8')) as VisitorEvent);
      } catch {
        // Not ours to judge here: a spec that cares looks at `events`.
      }
    });
    this.closing = new Promise((resolve) =>
      socket.once('close', (code: number, reason: Buffer) => {
        this.closed = { code, reason: reason.toString('utf8') };
        resolve(this.closed);
      }),
    );
    socket.on('error', () => undefined);
  }

  /** Opens the socket at `hubUrl` (the hub or a proxy in front of it) and says hello. */
  static async connect(hubUrl: string, token: string | null = null): Promise<RawVisitor> {
    const socket = new WebSocket(`${hubUrl.replace(/^http/, 'ws')}${CHAT_VISITOR_SOCKET_PATH}`, { perMessageDeflate: false });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const visitor = new RawVisitor(socket);
    visitor.send({ type: 'hello', token });
    return visitor;
  }

  send(message: VisitorMessage): void {
    this.sendRaw(JSON.stringify(message));
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** The first event (from index `from`) of a type that satisfies `match`. */
  async waitFor<T extends VisitorEvent['type']>(type: T, match: (event: Extract<VisitorEvent, { type: T }>) => boolean = () => true, timeoutMs = 10_000, from = 0): Promise<Extract<VisitorEvent, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.events.slice(from).find((event): event is Extract<VisitorEvent, { type: T }> => event.type === type && match(event as Extract<VisitorEvent, { type: T }>));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no ${type} event matched within ${timeoutMs} ms; events: ${JSON.stringify(this.events).slice(0, 2000)}`);
  }

  /** Resolves with the close code and reason (or rejects after `timeoutMs`). */
  async whenClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the visitor socket did not close within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closing, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.socket.close();
  }
}
