import type WebSocket from 'ws';
import {
  PRESENCE_SOCKET_PATH,
  hubMessageSchema,
  presenceCloseCodes,
  type AppMessage,
  type HubMessage,
} from '../../shared/hub/presenceApi';
import type { Logger } from '../services/logger';
import type { Presence } from '../services/presenceState';
import type { BackoffOptions } from './backoff';
import type { HubConnection } from './hubConnection';
import { ReconnectingSocket, type SocketClosed } from './reconnectingSocket';

export type PresenceLinkState = 'connecting' | 'online' | 'offline';

/** What the hub asks of the workstation over the presence socket. */
export type HubCommand = Extract<HubMessage, { type: 'logout' | 'set-state' | 'shift' }>;

export interface PresenceLinkEvents {
  link(state: PresenceLinkState): void;
  command(command: HubCommand): void;
  /** The hub refused the socket's token (401): the session may have ended. The link keeps trying. */
  unauthorized(): void;
  /** The hub ended the shift login (close 4001, or a 403 to the upgrade): the link is closed for good. */
  ended(): void;
}

export interface PresenceLinkOptions {
  /** Until the hub's `welcome` says otherwise. */
  heartbeatSeconds: number;
  backoff: BackoffOptions;
  /** Nothing heard from the hub for this many heartbeats: the connection is dead, open a new one. */
  silentHeartbeats: number;
  random?: () => number;
}

export const defaultPresenceBackoff: BackoffOptions = { baseMs: 1_000, capMs: 30_000 };

/**
 * The counsellor's presence socket (shared/hub/presenceApi.ts): tells the hub the state on
 * every (re)connect and change, heartbeats, acknowledges commands, and reconnects with backoff
 * until the hub ends the shift login (4001) or the workstation logs out. The hub marks a
 * workstation `lost` when its heartbeats stop; this side notices a silent hub the same way.
 */
export class PresenceLink {
  private readonly socket: ReconnectingSocket;
  private state: PresenceLinkState = 'connecting';
  private presence: Presence | null = null;
  private heartbeatMs: number;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private seq = 0;
  private lastHeardAt = 0;
  private closed = false;

  constructor(
    open: () => WebSocket | null,
    private readonly log: Logger,
    private readonly events: PresenceLinkEvents,
    private readonly options: PresenceLinkOptions,
  ) {
    this.heartbeatMs = options.heartbeatSeconds * 1000;
    this.socket = new ReconnectingSocket(
      open,
      { opened: () => this.opened(), message: (data) => this.received(data), closed: (closed) => this.lost(closed) },
      { backoff: options.backoff, random: options.random },
    );
  }

  /** The presence socket of the session `connection` holds. */
  static forSession(connection: HubConnection, log: Logger, events: PresenceLinkEvents, options: PresenceLinkOptions): PresenceLink {
    return new PresenceLink(() => connection.openSocket(PRESENCE_SOCKET_PATH), log, events, options);
  }

  start(): void {
    this.socket.start();
  }

  linkState(): PresenceLinkState {
    return this.state;
  }

  /** The state to report: sent now if the socket is open, else on the next connect. */
  report(presence: Presence): void {
    const changed = this.presence?.state !== presence.state || this.presence.awayReason !== presence.awayReason;
    this.presence = presence;
    if (changed) this.sendState();
  }

  /** A command arrived and will be carried out (sent at once: the hub forces an unacknowledged logout). */
  acknowledge(commandId: string): void {
    if (!this.send({ type: 'command-ack', commandId })) this.log.warn('presence', 'command acknowledgement not sent: socket closed');
  }

  /** Closes the socket for good (logout). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeatTimer);
    this.socket.stop(1000);
    // No event: the owner closed it and knows.
    this.state = 'offline';
  }

  private opened(): void {
    this.lastHeardAt = Date.now();
    this.sendState();
    this.startHeartbeats();
  }

  private received(data: unknown): void {
    this.lastHeardAt = Date.now();
    const parsed = hubMessageSchema.safeParse(data);
    if (!parsed.success) {
      this.log.warn('presence', 'hub message not understood');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'welcome':
        this.socket.healthy();
        if (message.heartbeatSeconds * 1000 !== this.heartbeatMs) {
          this.heartbeatMs = message.heartbeatSeconds * 1000;
          this.startHeartbeats();
        }
        this.setState('online');
        return;
      case 'heartbeat-ack':
        return;
      case 'logout':
      case 'set-state':
      case 'shift':
        this.events.command(message);
        return;
    }
  }

  private lost(closed: SocketClosed): 'reconnect' | 'stop' {
    clearInterval(this.heartbeatTimer);
    if (closed.code === presenceCloseCodes.shiftEnded || closed.refusedStatus === 403) {
      this.log.info('presence', 'the hub ended the shift login', { code: closed.code, status: closed.refusedStatus });
      this.closed = true;
      this.setState('offline');
      this.events.ended();
      return 'stop';
    }
    this.log.warn('presence', 'presence socket closed', { code: closed.code, status: closed.refusedStatus, opened: closed.opened });
    this.setState('offline');
    if (closed.refusedStatus === 401) this.events.unauthorized();
    return 'reconnect';
  }

  private startHeartbeats(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => this.beat(), this.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  private beat(): void {
    if (Date.now() - this.lastHeardAt > this.options.silentHeartbeats * this.heartbeatMs) {
      this.log.warn('presence', 'hub silent: reconnecting');
      this.socket.restart();
      return;
    }
    this.send({ type: 'heartbeat', seq: this.seq++ });
  }

  private sendState(): void {
    if (this.presence) this.send({ type: 'state', state: this.presence.state, awayReason: this.presence.awayReason });
  }

  private send(message: AppMessage): boolean {
    return this.socket.send(message);
  }

  private setState(state: PresenceLinkState): void {
    if (state === this.state) return;
    this.state = state;
    this.events.link(state);
  }
}
