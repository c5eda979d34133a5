import crypto from 'node:crypto';
import type { ShiftLoginResponse } from '../../../shared/hub/shiftsApi';
import type { SessionStore } from '../accounts/sessionStore';
import type { AuditTrail } from '../audit/auditTrail';
import type { Queryable } from '../db/database';
import type { HubContext } from '../hubContext';
import { HttpError } from '../http/httpError';
import type { Principal } from '../http/principal';
import { notifyPresence, presenceOnEnd, presenceOnLogin } from '../presence/presenceStore';
import type { SipServer } from '../sip/sipServer';
import { currentShiftOf, type CurrentShift } from './currentShift';
import { lockShiftsOf } from './shiftPlan';
import { errorName } from '../hubLogger';

export type ShiftLoginEndReason = 'logout' | 'shift-end' | 'supervisor' | 'forced' | 'session-ended' | 'replaced';

export interface LiveShiftLogin {
  id: string;
  userId: string;
  sessionId: string;
  shiftEndsAt: Date;
}

/** A hub session and whose it is (a principal). */
export interface SessionOwner {
  sessionId: string;
  userId: string;
}

export interface EndOptions {
  actorId: string | null;
  revokeSession?: boolean;
}

export interface EndedShiftLogin {
  userId: string;
  sessionId: string;
  sipUsername: string | null;
}

/**
 * A counsellor's shift login: the shift's own SIP credentials in, and out again however it ends.
 * The SIP server is told after the database (so an ended login is never re-allowed), and a
 * failed revocation is left for the sweep to retry (shift_logins.sip_revoked_at stays NULL).
 */
export interface ShiftLogins {
  /** Starts a shift login for the principal's session (403 `outside-shift` without a shift now). */
  start(principal: Principal): Promise<ShiftLoginResponse>;
  /** Ends a live shift login; null if it was not live. `revokeSession`: its hub session ends too. */
  end(loginId: string, reason: ShiftLoginEndReason, options: EndOptions): Promise<EndedShiftLogin | null>;
  /** `end` inside the caller's transaction, without the SIP server: call `revokeAtSip` after the commit. */
  endIn(tx: Queryable, loginId: string, reason: ShiftLoginEndReason, options: EndOptions): Promise<EndedShiftLogin | null>;
  /** The live shift login started by this hub session, if any. */
  liveOfSession(session: SessionOwner): Promise<LiveShiftLogin | null>;
  /** The hub session ended (logout): its shift login ends with it. */
  endOfSession(session: SessionOwner): Promise<void>;
  /** Takes the login's credentials and registrations away at the SIP server; false if it failed. */
  revokeAtSip(loginId: string, sipUsername: string | null): Promise<boolean>;
}

export function createShiftLogins(context: HubContext, deps: { audit: AuditTrail; sessions: SessionStore; sip: SipServer | null }): ShiftLogins {
  const { db, log } = context;
  const { audit, sip } = deps;

  const revokeAtSip: ShiftLogins['revokeAtSip'] = async (loginId, sipUsername) => {
    if (sipUsername) {
      if (!sip) return false;
      try {
        await sip.revoke(sipUsername);
        await sip.unregister(sipUsername);
      } catch (error) {
        log.warn('shifts', 'SIP server did not revoke a shift login; the sweep retries', { error: errorName(error) });
        return false;
      }
    }
    await db.query('UPDATE shift_logins SET sip_revoked_at = $2 WHERE id = $1 AND sip_revoked_at IS NULL', [loginId, context.now()]);
    return true;
  };

  const endIn: ShiftLogins['endIn'] = async (tx, loginId, reason, options) => {
    const now = context.now();
    const row = await endRow(tx, loginId, reason, now);
    if (!row) return null;
    const sessionRevoked = options.revokeSession === true && (await deps.sessions.revoke(row.sessionId, tx));
    await presenceOnEnd(tx, row.userId, loginId, now);
    await audit.append({ actorId: options.actorId, action: 'shift.logout', target: loginId, details: { reason, sessionRevoked } }, tx);
    return row;
  };

  const end: ShiftLogins['end'] = async (loginId, reason, options) => {
    const ended = await db.transaction((tx) => endIn(tx, loginId, reason, options));
    if (ended) await revokeAtSip(loginId, ended.sipUsername);
    return ended;
  };

  // By user first: the one live login per user is indexed, the session is then checked.
  const liveOfSession: ShiftLogins['liveOfSession'] = async ({ sessionId, userId }) => {
    const { rows } = await db.query<{ id: string; ends_at: Date }>(
      `SELECT l.id::text AS id, s.ends_at FROM shift_logins l JOIN shifts s ON s.id = l.shift_id
        WHERE l.user_id = $1 AND l.ended_at IS NULL AND l.session_id = $2`,
      [userId, sessionId],
    );
    const row = rows[0];
    return row ? { id: row.id, userId, sessionId, shiftEndsAt: new Date(row.ends_at) } : null;
  };

  return {
    async start(principal) {
      const now = context.now();
      const { shifts: rules } = context.policy;
      let shift: CurrentShift | null = await currentShiftOf(db, principal.userId, now, rules.loginGraceMinutes);
      if (!shift) throw new HttpError('outside-shift', 'no shift of yours is on now');
      const loginId = crypto.randomUUID();
      const credentials = sip ? newSipCredentials(sip.realm) : null;
      if (sip && credentials) {
        try {
          await sip.allow(credentials.username, credentials.ha1);
        } catch (error) {
          log.error('shifts', 'SIP server refused the shift credentials', { error: errorName(error) });
          throw new HttpError('internal', 'the SIP server is not available');
        }
      }
      let replaced: { id: string; sipUsername: string | null }[];
      try {
        replaced = await db.transaction(async (tx) => {
          // The plan lock: one shift login start per person at a time, and none while an
          // administrator moves or deletes that person's shifts; then the shift is read again.
          await lockShiftsOf(tx, [principal.userId]);
          shift = await currentShiftOf(tx, principal.userId, now, rules.loginGraceMinutes);
          if (!shift) throw new HttpError('outside-shift', 'the shift was changed meanwhile');
          const worked = shift;
          const { rows: earlier } = await tx.query<{ id: string; sip_username: string | null }>(
            `UPDATE shift_logins SET ended_at = $2, end_reason = 'replaced', sip_ha1 = NULL
              WHERE user_id = $1 AND ended_at IS NULL RETURNING id::text AS id, sip_username`,
            [principal.userId, now],
          );
          for (const old of earlier) {
            await notifyPresence(tx, { kind: 'ended', userId: principal.userId, loginId: old.id });
            await audit.append({ actorId: principal.userId, action: 'shift.logout', target: old.id, details: { reason: 'replaced', sessionRevoked: false } }, tx);
          }
          await tx.query(
            `INSERT INTO shift_logins (id, shift_id, user_id, session_id, sip_username, sip_ha1, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [loginId, worked.id, principal.userId, principal.sessionId, credentials?.username ?? null, credentials?.ha1 ?? null, now],
          );
          await presenceOnLogin(tx, principal.userId, loginId, now);
          await audit.append({ actorId: principal.userId, action: 'shift.login', target: loginId, details: { shiftId: worked.id, replaced: earlier.length } }, tx);
          return earlier.map((row) => ({ id: row.id, sipUsername: row.sip_username }));
        });
      } catch (error) {
        if (sip && credentials) await sip.revoke(credentials.username).catch(() => undefined);
        throw error;
      }
      for (const old of replaced) await revokeAtSip(old.id, old.sipUsername);
      return {
        loginId,
        shift: { id: shift.id, startsAt: shift.startsAt.toISOString(), endsAt: shift.endsAt.toISOString() },
        sip: credentials ? { username: credentials.username, password: credentials.password } : null,
        presence: { heartbeatSeconds: rules.heartbeatSeconds, idleMinutes: rules.idleMinutes, endWarningMinutes: rules.endWarningMinutes },
      };
    },
    end,
    endIn,
    liveOfSession,
    async endOfSession(session) {
      const live = await liveOfSession(session);
      if (live) await end(live.id, 'session-ended', { actorId: session.userId });
    },
    revokeAtSip,
  };
}

async function endRow(tx: Queryable, loginId: string, reason: ShiftLoginEndReason, now: Date): Promise<EndedShiftLogin | null> {
  const { rows } = await tx.query<{ user_id: string; session_id: string; sip_username: string | null }>(
    `UPDATE shift_logins SET ended_at = $2, end_reason = $3, sip_ha1 = NULL WHERE id = $1 AND ended_at IS NULL
      RETURNING user_id::text AS user_id, session_id::text AS session_id, sip_username`,
    [loginId, now, reason],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, sessionId: row.session_id, sipUsername: row.sip_username } : null;
}

/** A SIP user name new for every shift login (`s` + 16 hex), a random password, and its digest HA1. */
export function newSipCredentials(realm: string): { username: string; password: string; ha1: string } {
  const username = `s${crypto.randomBytes(8).toString('hex')}`;
  const password = crypto.randomBytes(18).toString('base64url');
  return { username, password, ha1: crypto.createHash('md5').update(`${username}:${realm}:${password}`).digest('hex') };
}
