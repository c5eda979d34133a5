import type { Migration } from './migration';

/**
 * Shifts, shift logins and presence (hub/src/shifts, hub/src/presence).
 *
 * `shifts` is the plan: one row per counsellor and time span, never overlapping for one person
 * (checked when written, under a per-user advisory lock). `shift_logins` is a counsellor actually
 * working one: at most one live per person; its SIP user name is new for every login, and the
 * HA1 the SIP server checks is kept only while the login lives (to restore it after a SIP server
 * restart), then cleared. `presence` is each counsellor's current state, shared by every hub
 * process (cross-process changes are announced with NOTIFY). `presence_commands` are supervisors'
 * orders to a workstation, kept as the audit trail's companion: acknowledged, or forced at the
 * SIP server when the workstation did not answer.
 */
export const shiftsMigration: Migration = {
  version: 5,
  name: 'shifts',
  sql: `
    CREATE TABLE shifts (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL,
      CHECK (ends_at > starts_at),
      CHECK (ends_at - starts_at <= interval '24 hours')
    );
    CREATE INDEX shifts_by_user ON shifts (user_id, starts_at);
    CREATE INDEX shifts_by_time ON shifts (starts_at, ends_at);

    CREATE TABLE shift_logins (
      id uuid PRIMARY KEY,
      shift_id uuid NOT NULL REFERENCES shifts (id),
      user_id uuid NOT NULL REFERENCES users (id),
      session_id uuid NOT NULL REFERENCES sessions (id),
      sip_username text UNIQUE,
      sip_ha1 text,
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      end_reason text CHECK (end_reason IN ('logout', 'shift-end', 'supervisor', 'forced', 'session-ended', 'replaced')),
      sip_revoked_at timestamptz
    );
    CREATE UNIQUE INDEX shift_logins_live_per_user ON shift_logins (user_id) WHERE ended_at IS NULL;
    CREATE INDEX shift_logins_unrevoked ON shift_logins (ended_at) WHERE sip_revoked_at IS NULL;

    CREATE TABLE presence (
      user_id uuid PRIMARY KEY REFERENCES users (id),
      shift_login_id uuid REFERENCES shift_logins (id),
      state text NOT NULL CHECK (state IN ('offline', 'available', 'ringing', 'in-call', 'wrap-up', 'in-chat', 'away', 'locked', 'idle', 'lost')),
      away_reason text CHECK (away_reason IN ('break', 'meeting', 'supervision', 'admin', 'other')),
      since timestamptz NOT NULL,
      connected_to text,
      last_heartbeat_at timestamptz,
      pending_logout jsonb
    );

    CREATE TABLE presence_commands (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id),
      shift_login_id uuid REFERENCES shift_logins (id),
      kind text NOT NULL CHECK (kind IN ('logout', 'set-state')),
      payload jsonb NOT NULL,
      issued_by uuid NOT NULL REFERENCES users (id),
      issued_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      forced_at timestamptz
    );
    CREATE INDEX presence_commands_by_user ON presence_commands (user_id, issued_at);
  `,
};
