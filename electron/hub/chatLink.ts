import type WebSocket from 'ws';
import {
  CHAT_COUNSELLOR_SOCKET_PATH,
  chatCloseCodes,
  counsellorEventSchema,
  type CounsellorEvent,
  type CounsellorMessage,
} from '../../shared/hub/chatApi';
import type { Logger } from '../services/logger';
import type { BackoffOptions } from './backoff';
import type { HubConnection } from './hubConnection';
import { ReconnectingSocket, type SocketClosed } from './reconnectingSocket';

export type ChatLinkState = 'connecting' | 'online' | 'offline';

export interface ChatLinkEvents {
  link(state: ChatLinkState): void;
  /** Every event from the hub that validated (`welcome` first on each connection). */
  event(event: CounsellorEvent): void;
  /** The hub refused the socket's token (401): the session may have ended. The link keeps trying. */
  unauthorized(): void;
  /** The hub ended the shift login (close 4001, or a 403 to the upgrade): the link is closed for good. */
  ended(): void;
}

export interface ChatLinkOptions {
  backoff: BackoffOptions;
  /**
   * How often the socket is pinged (WebSocket ping frames, which the hub answers by itself);
   * nothing heard for two of these: the connection is dead, open a new one. The chat protocol
   * has no heartbeat of its own, and a laptop's silently dropped connection would otherwise
   * hold the counsellor's conversations in the broker's grace period until TCP gives up.
   */
  pingMs: number;
  random?: () => number;
}

export const defaultChatLinkOptions: ChatLinkOptions = { backoff: { baseMs: 1_000, capMs: 30_000 }, pingMs: 15_000 };

/**
 * The counsellor's chat socket to the hub's broker (shared/hub/chatApi.ts): every frame the hub
 * sends is validated before anyone sees it; `accepting` goes out on every (re)connect and every
 * change; the socket is opened again with backoff until the hub ends the shift login (4001, or a
 * 403) or the workstation closes it. What the conversations are is ChatService's business.
 */
export class ChatLink {
  private readonly socket: ReconnectingSocket;
  private raw: WebSocket | null = null;
  private state: ChatLinkState = 'connecting';
  private accepting = false;
  private pingTimer: NodeJS.Timeout | undefined;
  private lastHeardAt = 0;
  private closed = false;

  constructor(
    open: () => WebSocket | null,
    private readonly log: Logger,
    private readonly events: ChatLinkEvents,
    private readonly options: ChatLinkOptions = defaultChatLinkOptions,
  ) {
    // The raw socket is kept for pings only; ReconnectingSocket owns it otherwise.
    const openWatched = (): WebSocket | null => {
      const socket = open();
      this.raw = socket;
      socket?.on('pong', () => {
        if (this.raw === socket) this.lastHeardAt = Date.now();
      });
      return socket;
    };
    this.socket = new ReconnectingSocket(
      openWatched,
      { opened: () => this.opened(), message: (data) => this.received(data), closed: (closed) => this.lost(closed) },
      { backoff: options.backoff, random: options.random },
    );
  }

  /** The chat socket of the session `connection` holds. */
  static forSession(connection: HubConnection, log: Logger, events: ChatLinkEvents, options?: ChatLinkOptions): ChatLink {
    return new ChatLink(() => connection.openSocket(CHAT_COUNSELLOR_SOCKET_PATH), log, events, options);
  }

  start(): void {
    this.socket.start();
  }

  linkState(): ChatLinkState {
    return this.state;
  }

  /** Whether new offers may come: sent now if the hub has welcomed this socket, else on the next welcome. */
  setAccepting(accepting: boolean): void {
    if (accepting === this.accepting) return;
    this.accepting = accepting;
    if (this.state === 'online') this.send({ type: 'accepting', accepting });
  }

  /** Sends `message` if the socket is open; false if it is not (nothing is queued here). */
  send(message: CounsellorMessage): boolean {
    return !this.closed && this.socket.send(message);
  }

  /** Closes the socket for good (logout, lock): the hub requeues the conversations at once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    this.socket.stop(1000);
    this.raw = null;
    // No event: the owner closed it and knows.
    this.state = 'offline';
  }

  private opened(): void {
    this.lastHeardAt = Date.now();
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.ping(), this.options.pingMs);
    this.pingTimer.unref();
  }

  private received(data: unknown): void {
    this.lastHeardAt = Date.now();
    const parsed = counsellorEventSchema.safeParse(data);
    if (!parsed.success) {
      this.log.warn('chat', 'hub message not understood');
      return;
    }
    const event = parsed.data;
    if (event.type === 'welcome') {
      this.socket.healthy();
      this.setState('online');
      // The hub forgets a socket's `accepting` with the socket: each connection is told anew.
      this.send({ type: 'accepting', accepting: this.accepting });
    }
    this.events.event(event);
  }

  private lost(closed: SocketClosed): 'reconnect' | 'stop' {
    clearInterval(this.pingTimer);
    this.raw = null;
    if (closed.code === chatCloseCodes.shiftEnded || closed.refusedStatus === 403) {
      this.log.info('chat', 'the hub ended the chat link', { code: closed.code, status: closed.refusedStatus });
      this.closed = true;
      this.setState('offline');
      this.events.ended();
      return 'stop';
    }
    this.log.warn('chat', 'chat socket closed', { code: closed.code, status: closed.refusedStatus, opened: closed.opened });
    this.setState('offline');
    if (closed.refusedStatus === 401) this.events.unauthorized();
    return 'reconnect';
  }

  private ping(): void {
    const socket = this.raw;
    if (!socket) return;
    if (Date.now() - this.lastHeardAt > 2 * this.options.pingMs) {
      this.log.warn('chat', 'hub silent: reconnecting');
      this.socket.restart();
      return;
    }
    try {
      socket.ping();
    } catch {
      // Not open (closing): its close event follows and decides.
    }
  }

  private setState(state: ChatLinkState): void {
    if (state === this.state) return;
    this.state = state;
    this.events.link(state);
  }
}
