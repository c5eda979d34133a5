import type { Migration } from './migration';

/**
 * Hub accounts and their sessions. A user name is stored in lower case and unique; the password
 * only as an argon2id hash; the TOTP secret with the last time step it accepted, so a code is
 * never accepted twice. A session row holds the SHA-256 of its token, never the token itself.
 * Users are disabled, never deleted: the audit log keeps pointing at them.
 */
export const accountsMigration: Migration = {
  version: 2,
  name: 'accounts',
  sql: `
    CREATE TABLE users (
      id uuid PRIMARY KEY,
      username text NOT NULL CHECK (username ~ '^[a-z0-9._-]{1,64}$'),
      display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 200),
      role text NOT NULL CHECK (role IN ('counsellor', 'supervisor', 'administrator')),
      password_hash text NOT NULL,
      totp_secret text,
      totp_last_step integer,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL
    );
    CREATE UNIQUE INDEX users_username ON users (lower(username));

    CREATE TABLE sessions (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX sessions_live_by_user ON sessions (user_id) WHERE revoked_at IS NULL;
    CREATE INDEX sessions_expires_at ON sessions (expires_at);
  `,
};
