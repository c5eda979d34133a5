import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import type { SessionVerifier } from '../http/principal';
import type { ShiftLogins } from '../shifts/shiftLogins';
import type { SipServer } from '../sip/sipServer';
import { createBoardFeed } from './boardFeed';
import { registerBoardRoutes } from './boardRoutes';
import { boardSnapshot, createCallFiguresCache, type ChatBoardSource } from './boardSnapshot';
import { COMMAND_CHANNEL, createPresenceCommands } from './presenceCommands';
import { registerPresenceSocket } from './presenceRoutes';
import { createPresenceSockets, type PresenceSockets } from './presenceSockets';
import { PRESENCE_CHANNEL, parsePresenceEvent } from './presenceStore';
import { startPresenceSweep, type PresenceSweep, type SweepTimers } from './presenceSweep';
import { listenShared } from './sharedListen';

/** The timers of presence; tests shorten them. */
export interface PresenceTuning extends SweepTimers {
  /** A change reaches the board sockets after at most this (and no more often). */
  boardDebounceMs: number;
  /** The board is recomputed this often even without a change (the SIP server's figures). */
  boardRefreshMs: number;
  /** The SIP server's call figures are asked at most this often. */
  figuresCacheMs: number;
}

export const defaultPresenceTuning: PresenceTuning = {
  flushMs: 2_000,
  sweepMs: 2_000,
  reallowMs: 30_000,
  shiftCheckMs: 10_000,
  boardDebounceMs: 100,
  boardRefreshMs: 5_000,
  figuresCacheMs: 2_000,
};

export interface Presence {
  /** This process's id in presence.connected_to. */
  readonly instanceId: string;
  readonly sockets: PresenceSockets;
  readonly sweep: PresenceSweep;
}

/**
 * Presence, the board and supervisors' orders for one hub process: the WebSocket routes, the
 * LISTENs on `tavs_presence` and `tavs_command` (so a change made by any process reaches the
 * sockets held here), and the sweep. Everything stops when the app closes. The app must have
 * @fastify/websocket registered (before its first route).
 */
export async function installPresence(
  app: FastifyInstance,
  context: HubContext,
  deps: {
    sessions: SessionVerifier;
    audit: AuditTrail;
    shiftLogins: ShiftLogins;
    sip: SipServer | null;
    /** The chat broker's queue and alerts for the board; null: no chat in this hub. */
    chat?: ChatBoardSource | null;
    instanceId?: string;
    tuning?: Partial<PresenceTuning>;
  },
): Promise<Presence> {
  const tuning = { ...defaultPresenceTuning, ...deps.tuning };
  const instanceId = deps.instanceId ?? crypto.randomUUID();
  let closing = false;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  };

  const sockets = createPresenceSockets();
  const commands = createPresenceCommands(context, { audit: deps.audit, shiftLogins: deps.shiftLogins, track });
  const figures = createCallFiguresCache(deps.sip, tuning.figuresCacheMs, context.log);
  const chat = deps.chat ?? null;
  const snapshot = () => boardSnapshot(context.db, context.now(), context.policy.statistics.timeZone, figures, chat);
  const feed = createBoardFeed(snapshot, { debounceMs: tuning.boardDebounceMs, refreshMs: tuning.boardRefreshMs, log: context.log, track });
  const stopChat = chat?.onChange(() => feed.schedule()) ?? (() => undefined);

  const stopPresence = await listenShared(context.db, PRESENCE_CHANNEL, (payload) => {
    const event = parsePresenceEvent(payload);
    if (!event) return;
    sockets.apply(event);
    feed.schedule();
  });
  const stopCommands = await listenShared(context.db, COMMAND_CHANNEL, (payload) => {
    const notice = commands.parseNotice(payload);
    if (!notice) return;
    for (const entry of sockets.ofUser(notice.userId)) if (entry.loginId === notice.loginId) sockets.send(entry, notice.message);
  });
  const sweep = startPresenceSweep(context, { sockets, shiftLogins: deps.shiftLogins, commands, sip: deps.sip, timers: tuning, track });

  registerPresenceSocket(app, context, { sessions: deps.sessions, shiftLogins: deps.shiftLogins, sockets, commands, instanceId, track, closing: () => closing });
  registerBoardRoutes(app, { sessions: deps.sessions, commands, feed, snapshot });

  app.addHook('preClose', async () => {
    closing = true;
    stopChat();
    sweep.stop();
    commands.close();
    feed.close();
    // The heartbeats held here, then the sockets: their workstations reconnect to another process.
    await sweep.flush().catch(() => undefined);
    await context.db
      .query('UPDATE presence SET connected_to = NULL WHERE starts_with(connected_to, $1)', [`${instanceId}/`])
      .catch(() => undefined);
  });
  app.addHook('onClose', async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    await stopPresence();
    await stopCommands();
  });

  return { instanceId, sockets, sweep };
}
