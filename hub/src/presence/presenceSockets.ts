import type { WebSocket } from 'ws';
import { sendJson } from '../http/socketFrames';
import { presenceCloseCodes, type HubMessage } from '../../../shared/hub/presenceApi';
import type { PresenceEvent, SocketRef } from './presenceStore';

/** One workstation's presence socket held by this process. */
export interface PresenceSocket extends SocketRef {
  socket: WebSocket;
  /** Hub clock (ms) of the last heartbeat or report. */
  lastHeartbeatMs: number;
  /** A heartbeat not yet written to presence.last_heartbeat_at. */
  unflushed: boolean;
  /** The end of the login's shift as last told to the workstation (ISO). */
  shiftEndsAt: string;
  /**
   * This socket's own `connected` notice has come back. Notices arrive in commit order, so a
   * notice of another socket of the same login replaces this one only after that: a late notice
   * of an older socket must not close a newer one.
   */
  announced: boolean;
}

/**
 * The presence sockets this process holds. Heartbeats stay in memory here and are written in
 * batches (`takeUnflushed`); notifications from any process decide which sockets must close.
 */
export interface PresenceSockets {
  readonly size: number;
  add(entry: PresenceSocket): void;
  remove(entry: PresenceSocket): void;
  all(): PresenceSocket[];
  ofUser(userId: string): readonly PresenceSocket[];
  heartbeat(entry: PresenceSocket, nowMs: number): void;
  /** The heartbeats seen since the last call, for one batched write. */
  takeUnflushed(): (SocketRef & { at: Date })[];
  /** Sockets silent for longer than `lostAfterMs`. */
  silent(nowMs: number, lostAfterMs: number): PresenceSocket[];
  /** Closes the sockets a notification makes obsolete (replaced, ended, lost). */
  apply(event: PresenceEvent): void;
  send(entry: PresenceSocket, message: HubMessage): void;
  close(entry: PresenceSocket, code: number, reason: string): void;
}

export function createPresenceSockets(): PresenceSockets {
  const byUser = new Map<string, PresenceSocket[]>();
  let count = 0;

  const ofUser = (userId: string): readonly PresenceSocket[] => byUser.get(userId) ?? [];
  const close = (entry: PresenceSocket, code: number, reason: string): void => {
    // The socket's own close handler removes it; closing twice is harmless in ws.
    entry.socket.close(code, reason);
  };

  return {
    get size() {
      return count;
    },
    add(entry) {
      const list = byUser.get(entry.userId);
      if (list) list.push(entry);
      else byUser.set(entry.userId, [entry]);
      count += 1;
    },
    remove(entry) {
      const list = byUser.get(entry.userId);
      const index = list?.indexOf(entry) ?? -1;
      if (!list || index < 0) return;
      list.splice(index, 1);
      if (list.length === 0) byUser.delete(entry.userId);
      count -= 1;
    },
    all: () => [...byUser.values()].flat(),
    ofUser,
    heartbeat(entry, nowMs) {
      entry.lastHeartbeatMs = nowMs;
      entry.unflushed = true;
    },
    takeUnflushed() {
      const beats: (SocketRef & { at: Date })[] = [];
      for (const list of byUser.values()) {
        for (const entry of list) {
          if (!entry.unflushed) continue;
          entry.unflushed = false;
          beats.push({ userId: entry.userId, loginId: entry.loginId, connection: entry.connection, at: new Date(entry.lastHeartbeatMs) });
        }
      }
      return beats;
    },
    silent(nowMs, lostAfterMs) {
      const silent: PresenceSocket[] = [];
      for (const list of byUser.values()) for (const entry of list) if (nowMs - entry.lastHeartbeatMs > lostAfterMs) silent.push(entry);
      return silent;
    },
    apply(event) {
      for (const entry of [...ofUser(event.userId)]) {
        switch (event.kind) {
          case 'connected':
            if (entry.connection === event.connection) entry.announced = true;
            else if (entry.loginId !== event.loginId) close(entry, presenceCloseCodes.shiftEnded, 'shift login ended');
            else if (entry.announced) close(entry, presenceCloseCodes.replaced, 'replaced');
            break;
          case 'ended':
            if (entry.loginId === event.loginId) close(entry, presenceCloseCodes.shiftEnded, 'shift login ended');
            break;
          case 'lost':
            if (entry.loginId === event.loginId) close(entry, presenceCloseCodes.lost, 'lost');
            break;
          case 'changed':
            break;
        }
      }
    },
    send(entry, message) {
      sendJson(entry.socket, message);
    },
    close,
  };
}
