import type { WebSocket } from 'ws';
import { sendJson } from '../http/socketFrames';
import type { BoardSnapshot } from '../../../shared/hub/presenceApi';
import { errorName, type HubLogger } from '../hubLogger';

/**
 * The board sockets of this process and what they are sent. A change anywhere (a presence or
 * command notification) schedules one fresh snapshot for all of them, at most one per
 * `debounceMs`; a slow timer also refreshes the SIP server's figures. Only changed boards go out.
 */
export interface BoardFeed {
  readonly size: number;
  /** A new board socket: it gets a snapshot at once, then every change. */
  add(socket: WebSocket): Promise<void>;
  remove(socket: WebSocket): void;
  /** Something changed: a fresh snapshot soon. */
  schedule(): void;
  close(): void;
}

export function createBoardFeed(
  load: () => Promise<BoardSnapshot>,
  options: { debounceMs: number; refreshMs: number; log: HubLogger; track: <T>(work: Promise<T>) => Promise<T> },
): BoardFeed {
  const sockets = new Set<WebSocket>();
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  let lastSent = '';
  let closed = false;

  const send = (socket: WebSocket, board: BoardSnapshot): void => {
    sendJson(socket, { type: 'board', board });
  };

  const run = async (): Promise<void> => {
    timer = null;
    running = true;
    try {
      const board = await load();
      // generatedAt alone is no change.
      const key = JSON.stringify({ ...board, generatedAt: '' });
      if (key !== lastSent) {
        lastSent = key;
        for (const socket of sockets) send(socket, board);
      }
    } catch (error) {
      options.log.error('presence', 'board snapshot failed', { error: errorName(error) });
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };

  const schedule = (): void => {
    if (closed || sockets.size === 0) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) return;
    timer = setTimeout(() => void options.track(run()), options.debounceMs);
  };

  const refresh = setInterval(schedule, options.refreshMs);
  refresh.unref();

  return {
    get size() {
      return sockets.size;
    },
    async add(socket) {
      sockets.add(socket);
      send(socket, await load());
    },
    remove(socket) {
      sockets.delete(socket);
    },
    schedule,
    close() {
      closed = true;
      clearInterval(refresh);
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
