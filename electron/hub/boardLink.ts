import type WebSocket from 'ws';
import { z } from 'zod';
import { BOARD_SOCKET_PATH, boardSnapshotSchema, type BoardSnapshot } from '../../shared/hub/presenceApi';
import type { Logger } from '../services/logger';
import type { BackoffOptions } from './backoff';
import type { HubConnection } from './hubConnection';
import { ReconnectingSocket } from './reconnectingSocket';

const boardMessageSchema = z.object({ type: z.literal('board'), board: boardSnapshotSchema });

export interface BoardLinkEvents {
  board(snapshot: BoardSnapshot): void;
  /** The hub refused the socket's token (401): the session may have ended. The link keeps trying. */
  unauthorized(): void;
}

export const defaultBoardBackoff: BackoffOptions = { baseMs: 1_000, capMs: 30_000 };

/**
 * A supervisor's live board: the hub pushes a fresh snapshot at once and after every change;
 * each valid one is passed on. Reconnects with backoff until the supervisor logs out.
 */
export class BoardLink {
  private readonly socket: ReconnectingSocket;

  constructor(
    open: () => WebSocket | null,
    private readonly log: Logger,
    private readonly events: BoardLinkEvents,
    options: { backoff: BackoffOptions; random?: () => number } = { backoff: defaultBoardBackoff },
  ) {
    this.socket = new ReconnectingSocket(
      open,
      {
        opened: () => undefined,
        message: (data) => this.received(data),
        closed: ({ code, refusedStatus }) => {
          this.log.warn('board', 'board socket closed', { code, status: refusedStatus });
          if (refusedStatus === 401) this.events.unauthorized();
          // A 403: this account may not watch the board; asking again will not change that.
          return refusedStatus === 403 ? 'stop' : 'reconnect';
        },
      },
      options,
    );
  }

  static forSession(connection: HubConnection, log: Logger, events: BoardLinkEvents, options?: { backoff: BackoffOptions }): BoardLink {
    return new BoardLink(() => connection.openSocket(BOARD_SOCKET_PATH), log, events, options);
  }

  start(): void {
    this.socket.start();
  }

  close(): void {
    this.socket.stop(1000);
  }

  private received(data: unknown): void {
    const parsed = boardMessageSchema.safeParse(data);
    if (!parsed.success) {
      this.log.warn('board', 'hub message not understood');
      return;
    }
    this.socket.healthy();
    this.events.board(parsed.data.board);
  }
}
