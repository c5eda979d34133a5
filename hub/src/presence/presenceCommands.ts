import crypto from 'node:crypto';
import {
  LOGOUT_NOTE_MAX,
  type AwayReason,
  type HubMessage,
  type LogoutMode,
  type LogoutReason,
  type PresenceState,
} from '../../../shared/hub/presenceApi';
import { scrubText } from '../../../shared/scrubber/scrubText';
import type { AuditTrail } from '../audit/auditTrail';
import type { Queryable } from '../db/database';
import type { HubContext } from '../hubContext';
import { HttpError } from '../http/httpError';
import type { ShiftLogins } from '../shifts/shiftLogins';
import { setPendingLogout, type SocketRef } from './presenceStore';
import { errorName } from '../hubLogger';

export const COMMAND_CHANNEL = 'tavs_command';

/** A `tavs_command` notification: the process holding the login's socket sends `message`. */
interface CommandNotice {
  userId: string;
  loginId: string;
  message: HubMessage;
}

/** Why a logout was carried out at the SIP server instead of by the workstation. */
export type ForceCause = 'not-acknowledged' | 'unreachable' | 'lost';

export interface LogoutOrder {
  reason: LogoutReason;
  mode: LogoutMode;
  note: string | null;
}

export interface StateOrder {
  state: 'away' | 'available';
  awayReason: AwayReason | null;
}

/**
 * Supervisors' orders to a workstation. Each is a row in presence_commands and an audit entry,
 * announced on `tavs_command` so whichever process holds the socket delivers it. A logout the
 * workstation does not acknowledge in time (or that cannot reach it) is forced by the hub: the
 * shift login ends, its hub session is revoked and the SIP server drops its credentials and
 * registrations, so a forgotten laptop stops ringing anyway.
 */
export interface PresenceCommands {
  issueLogout(actorId: string, userId: string, order: LogoutOrder): Promise<string>;
  issueSetState(actorId: string, userId: string, order: StateOrder): Promise<string>;
  acknowledge(ref: SocketRef, commandId: string): Promise<void>;
  /** Carries out a logout at the hub and the SIP server; false if it was already done or moot. */
  force(commandId: string, cause: ForceCause): Promise<boolean>;
  /** What a (re)connecting socket of this login has not acknowledged yet. */
  pendingFor(ref: { userId: string; loginId: string }): Promise<HubMessage[]>;
  /** The notice of a `tavs_command` notification, or null if it is not one. */
  parseNotice(payload: string): CommandNotice | null;
  /** Stops the confirmation timers (the sweep of any process forces what they would have). */
  close(): void;
}

/** A set-state order is re-sent to a reconnecting workstation only this soon after it was given. */
const SET_STATE_RESEND_MS = 60_000;

export function createPresenceCommands(context: HubContext, deps: { audit: AuditTrail; shiftLogins: ShiftLogins; track: <T>(work: Promise<T>) => Promise<T> }): PresenceCommands {
  const { db, log } = context;
  const timers = new Set<NodeJS.Timeout>();

  const force: PresenceCommands['force'] = async (commandId, cause) => {
    const now = context.now();
    const forced = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ user_id: string; shift_login_id: string }>(
        `UPDATE presence_commands c SET forced_at = $2
          WHERE id = $1 AND kind = 'logout' AND forced_at IS NULL AND ($3 OR acknowledged_at IS NULL)
            AND EXISTS (SELECT 1 FROM shift_logins l WHERE l.id = c.shift_login_id AND l.ended_at IS NULL)
          RETURNING user_id::text AS user_id, shift_login_id::text AS shift_login_id`,
        [commandId, now, cause === 'lost'],
      );
      const claimed = rows[0];
      if (!claimed) return null;
      const ended = await deps.shiftLogins.endIn(tx, claimed.shift_login_id, 'forced', { actorId: null, revokeSession: true });
      await deps.audit.append({ actorId: null, action: 'presence.logout-forced', target: claimed.user_id, details: { commandId, cause } }, tx);
      return ended ? { loginId: claimed.shift_login_id, sipUsername: ended.sipUsername } : null;
    });
    if (!forced) return false;
    await deps.shiftLogins.revokeAtSip(forced.loginId, forced.sipUsername);
    return true;
  };

  const forceLater = (commandId: string): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void deps.track(force(commandId, 'not-acknowledged')).catch((error: unknown) => log.error('presence', 'forced logout failed', { error: errorName(error) }));
    }, context.policy.shifts.logoutConfirmSeconds * 1000);
    timers.add(timer);
  };

  return {
    async issueLogout(actorId, userId, order) {
      const note = order.note ? scrubNote(order.note) : null;
      const commandId = crypto.randomUUID();
      const now = context.now();
      const { reachable } = await db.transaction(async (tx) => {
        const target = await liveTarget(tx, userId);
        const payload = { reason: order.reason, mode: order.mode, note };
        await insertCommand(tx, { commandId, userId, loginId: target.loginId, kind: 'logout', payload, actorId, now });
        await setPendingLogout(tx, userId, target.loginId, { commandId, by: 'supervisor', ...payload });
        await deps.audit.append({ actorId, action: 'presence.logout', target: userId, details: { commandId, ...payload } }, tx);
        await notifyCommand(tx, { userId, loginId: target.loginId, message: { type: 'logout', commandId, ...payload } });
        return target;
      });
      if (reachable) forceLater(commandId);
      else await force(commandId, 'unreachable');
      return commandId;
    },

    async issueSetState(actorId, userId, order) {
      const awayReason = order.state === 'away' ? order.awayReason : null;
      const commandId = crypto.randomUUID();
      const now = context.now();
      await db.transaction(async (tx) => {
        const target = await liveTarget(tx, userId);
        if (!target.connected) throw new HttpError('conflict', 'the workstation is not connected');
        const payload = { state: order.state, awayReason };
        await insertCommand(tx, { commandId, userId, loginId: target.loginId, kind: 'set-state', payload, actorId, now });
        await deps.audit.append({ actorId, action: 'presence.set-state', target: userId, details: { commandId, ...payload } }, tx);
        await notifyCommand(tx, { userId, loginId: target.loginId, message: { type: 'set-state', commandId, ...payload } });
      });
      return commandId;
    },

    async acknowledge(ref, commandId) {
      await db.query(
        `UPDATE presence_commands SET acknowledged_at = $4
          WHERE id = $1 AND user_id = $2 AND shift_login_id = $3 AND acknowledged_at IS NULL AND forced_at IS NULL`,
        [commandId, ref.userId, ref.loginId, context.now()],
      );
    },

    force,

    async pendingFor({ userId, loginId }) {
      // By user (indexed), then the login: never an earlier login's orders.
      const { rows } = await db.query<{ id: string; kind: 'logout' | 'set-state'; payload: Record<string, unknown> }>(
        `SELECT id::text AS id, kind, payload FROM presence_commands
          WHERE user_id = $1 AND shift_login_id = $2 AND acknowledged_at IS NULL AND forced_at IS NULL AND (kind = 'logout' OR issued_at > $3)
          ORDER BY issued_at`,
        [userId, loginId, new Date(context.now().getTime() - SET_STATE_RESEND_MS)],
      );
      return rows.map((row) => ({ type: row.kind, commandId: row.id, ...row.payload }) as HubMessage);
    },

    parseNotice(payload) {
      try {
        const notice = JSON.parse(payload) as CommandNotice;
        return typeof notice.userId === 'string' && typeof notice.loginId === 'string' && typeof notice.message === 'object' ? notice : null;
      } catch {
        return null;
      }
    },

    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/**
 * The counsellor's live shift login. `reachable`: a workstation is there (lost and offline ones are
 * not; one between two sockets is, as it gets unacknowledged orders when it reconnects);
 * `connected`: it has a socket now.
 */
async function liveTarget(tx: Queryable, userId: string): Promise<{ loginId: string; reachable: boolean; connected: boolean }> {
  const { rows } = await tx.query<{ id: string; state: PresenceState | null; connected_to: string | null }>(
    `SELECT l.id::text AS id, p.state, p.connected_to FROM shift_logins l
       LEFT JOIN presence p ON p.user_id = l.user_id AND p.shift_login_id = l.id
      WHERE l.user_id = $1 AND l.ended_at IS NULL`,
    [userId],
  );
  const row = rows[0];
  if (!row) throw new HttpError('not-found', 'this counsellor has no live shift login');
  const reachable = row.state !== null && row.state !== 'lost' && row.state !== 'offline';
  return { loginId: row.id, reachable, connected: reachable && row.connected_to !== null };
}

async function insertCommand(
  tx: Queryable,
  command: { commandId: string; userId: string; loginId: string; kind: 'logout' | 'set-state'; payload: object; actorId: string; now: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO presence_commands (id, user_id, shift_login_id, kind, payload, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
    [command.commandId, command.userId, command.loginId, command.kind, JSON.stringify(command.payload), command.actorId, command.now],
  );
}

async function notifyCommand(tx: Queryable, notice: CommandNotice): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [COMMAND_CHANNEL, JSON.stringify(notice)]);
}

/** The supervisor's note, with anything that could identify someone masked, within the limit. */
export function scrubNote(note: string): string | null {
  const scrubbed = scrubText(note.trim()).text.slice(0, LOGOUT_NOTE_MAX);
  return scrubbed === '' ? null : scrubbed;
}
