import { presenceCloseCodes } from '../../../shared/hub/presenceApi';
import type { HubContext } from '../hubContext';
import type { ShiftLogins } from '../shifts/shiftLogins';
import type { SipServer } from '../sip/sipServer';
import type { PresenceCommands } from './presenceCommands';
import type { PresenceSockets } from './presenceSockets';
import { flushHeartbeats, presenceOnLost, sweepLostPresence } from './presenceStore';
import { errorName } from '../hubLogger';

/** A live shift login whose shift ended this long ago is ended even if its workstation still answers. */
export const SHIFT_OVERRUN_MS = 2 * 3_600_000;
/** The sweep forces an unacknowledged logout this long after the issuing process should have (it may be gone). */
const FORCE_MARGIN_MS = 2_000;

export interface SweepTimers {
  /** Heartbeats held in memory are written this often. */
  flushMs: number;
  /** The sweep's period. */
  sweepMs: number;
  /** Live credentials are written to the SIP server again this often (it keeps them in memory). */
  reallowMs: number;
  /** Changed shift ends are told to this process's workstations this often. */
  shiftCheckMs: number;
}

/**
 * What every hub process does on a timer, each step idempotent so that several processes may
 * run it at once: write this process's heartbeats, mark silent workstations lost, force logouts
 * nobody carried out, end shift logins that outlived their shift with nobody there, retry SIP
 * revocations that failed, and restore live credentials at the SIP server.
 */
export interface PresenceSweep {
  /** One pass now (tests, and the timer). */
  tick(): Promise<void>;
  flush(): Promise<void>;
  stop(): void;
}

export function startPresenceSweep(
  context: HubContext,
  deps: { sockets: PresenceSockets; shiftLogins: ShiftLogins; commands: PresenceCommands; sip: SipServer | null; timers: SweepTimers; track: <T>(work: Promise<T>) => Promise<T> },
): PresenceSweep {
  const { db, log } = context;
  const { sockets, timers } = deps;
  let lastReallow = Date.now();
  let lastShiftCheck = Date.now();
  let stopped = false;

  const flush = async (): Promise<void> => {
    await flushHeartbeats(db, sockets.takeUnflushed());
  };

  const markSilentLost = async (): Promise<void> => {
    const now = context.now();
    for (const entry of sockets.silent(now.getTime(), context.policy.shifts.lostAfterSeconds * 1000)) {
      await presenceOnLost(db, entry, now);
      sockets.close(entry, presenceCloseCodes.lost, 'lost');
    }
  };

  const forceOverdue = async (): Promise<void> => {
    const now = context.now();
    const deadline = new Date(now.getTime() - context.policy.shifts.logoutConfirmSeconds * 1000 - FORCE_MARGIN_MS);
    const { rows: overdue } = await db.query<{ id: string }>(
      `SELECT c.id::text AS id FROM presence_commands c JOIN shift_logins l ON l.id = c.shift_login_id AND l.ended_at IS NULL
        WHERE c.kind = 'logout' AND c.forced_at IS NULL AND c.acknowledged_at IS NULL AND c.issued_at < $1`,
      [deadline],
    );
    for (const { id } of overdue) await deps.commands.force(id, 'not-acknowledged');
    // An acknowledged logout whose workstation then went silent would never be carried out.
    const { rows: lost } = await db.query<{ id: string }>(
      `SELECT c.id::text AS id FROM presence p JOIN presence_commands c ON c.id::text = p.pending_logout->>'commandId'
        WHERE p.state = 'lost' AND p.shift_login_id IS NOT NULL AND c.forced_at IS NULL`,
    );
    for (const { id } of lost) await deps.commands.force(id, 'lost');
  };

  const endOverrunShifts = async (): Promise<void> => {
    const now = context.now();
    const { rows } = await db.query<{ id: string }>(
      `SELECT l.id::text AS id FROM shift_logins l JOIN shifts s ON s.id = l.shift_id
         LEFT JOIN presence p ON p.user_id = l.user_id AND p.shift_login_id = l.id
        WHERE l.ended_at IS NULL AND s.ends_at <= $1
          AND (p.state IS NULL OR p.state IN ('lost', 'offline') OR s.ends_at < $2)`,
      [now, new Date(now.getTime() - SHIFT_OVERRUN_MS)],
    );
    for (const { id } of rows) await deps.shiftLogins.end(id, 'shift-end', { actorId: null });
  };

  const retryRevocations = async (): Promise<void> => {
    const { rows } = await db.query<{ id: string; sip_username: string | null }>(
      `SELECT id::text AS id, sip_username FROM shift_logins
        WHERE ended_at IS NOT NULL AND sip_revoked_at IS NULL AND (sip_username IS NULL OR $1) LIMIT 200`,
      [deps.sip !== null],
    );
    for (const row of rows) await deps.shiftLogins.revokeAtSip(row.id, row.sip_username);
  };

  const reallow = async (): Promise<void> => {
    if (!deps.sip || Date.now() - lastReallow < timers.reallowMs) return;
    lastReallow = Date.now();
    const { rows } = await db.query<{ sip_username: string; sip_ha1: string }>(
      'SELECT sip_username, sip_ha1 FROM shift_logins WHERE ended_at IS NULL AND sip_ha1 IS NOT NULL AND sip_username IS NOT NULL',
    );
    try {
      for (const row of rows) await deps.sip.allow(row.sip_username, row.sip_ha1);
    } catch (error) {
      log.warn('presence', 'SIP server did not take the live credentials back', { error: errorName(error) });
    }
    // A login that ended while this ran may have been revoked before it was allowed again here.
    const { rows: ended } = await db.query<{ id: string; sip_username: string }>(
      'SELECT id::text AS id, sip_username FROM shift_logins WHERE sip_username = ANY($1::text[]) AND ended_at IS NOT NULL',
      [rows.map((row) => row.sip_username)],
    );
    for (const row of ended) await deps.shiftLogins.revokeAtSip(row.id, row.sip_username);
  };

  const tellShiftChanges = async (): Promise<void> => {
    if (Date.now() - lastShiftCheck < timers.shiftCheckMs || sockets.size === 0) return;
    lastShiftCheck = Date.now();
    const entries = sockets.all();
    const { rows } = await db.query<{ id: string; ends_at: Date | string }>(
      'SELECT l.id::text AS id, s.ends_at FROM shift_logins l JOIN shifts s ON s.id = l.shift_id WHERE l.id = ANY($1::uuid[])',
      [[...new Set(entries.map((entry) => entry.loginId))]],
    );
    const endsAt = new Map(rows.map((row) => [row.id, new Date(row.ends_at).toISOString()]));
    for (const entry of entries) {
      const current = endsAt.get(entry.loginId);
      if (!current || current === entry.shiftEndsAt) continue;
      entry.shiftEndsAt = current;
      sockets.send(entry, { type: 'shift', endsAt: current });
    }
  };

  const steps: readonly [string, () => Promise<void>][] = [
    ['flush', flush],
    ['silent', markSilentLost],
    ['lost', async () => void (await sweepLostPresence(db, context.now(), context.policy.shifts.lostAfterSeconds))],
    ['force', forceOverdue],
    ['shift-end', endOverrunShifts],
    ['revoke', retryRevocations],
    ['reallow', reallow],
    ['shift-change', tellShiftChanges],
  ];

  const tick = async (): Promise<void> => {
    for (const [name, step] of steps) {
      if (stopped) return;
      try {
        await step();
      } catch (error) {
        log.error('presence', 'sweep step failed', { step: name, error: errorName(error) });
      }
    }
  };

  // One pass at a time: the next is scheduled when this one is done.
  let sweepTimer: NodeJS.Timeout = setTimeout(function again() {
    void deps.track(tick()).finally(() => {
      if (!stopped) sweepTimer = setTimeout(again, timers.sweepMs);
    });
  }, timers.sweepMs);
  const flushTimer = setInterval(() => {
    if (!stopped) void deps.track(flush()).catch((error: unknown) => log.error('presence', 'heartbeat flush failed', { error: errorName(error) }));
  }, timers.flushMs);

  return {
    tick,
    flush,
    stop() {
      stopped = true;
      clearTimeout(sweepTimer);
      clearInterval(flushTimer);
    },
  };
}
