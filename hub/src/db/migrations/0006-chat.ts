import type { Migration } from './migration';

/**
 * What the chat broker (hub/src/chat) keeps. Conversations, queues and messages live in the
 * broker's memory only: a message is forgotten once both sides have it, and a visitor's address
 * is never written (invariant I1). What is here:
 *
 * `chat_settings`: the administrator's canned replies and the opening hours (one row each, JSON).
 * `chat_escrow`: for an escalated chat, and only when the policy names an escrow key, the
 * visitor's address and the time sealed to that key (the service cannot open it); deleted at
 * `expires_at` (12 h at most). `chat_transcripts`: only when the policy keeps transcripts, each
 * message encrypted with the hub's transcript key, deleted at `expires_at`.
 */
export const chatMigration: Migration = {
  version: 6,
  name: 'chat',
  sql: `
    CREATE TABLE chat_settings (
      name text PRIMARY KEY CHECK (name IN ('canned-replies', 'schedule')),
      value jsonb NOT NULL,
      updated_by uuid REFERENCES users (id),
      updated_at timestamptz NOT NULL
    );

    CREATE TABLE chat_escrow (
      id uuid PRIMARY KEY,
      conversation_id uuid NOT NULL,
      sealed bytea NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      CHECK (expires_at > created_at),
      CHECK (expires_at - created_at <= interval '12 hours')
    );
    CREATE INDEX chat_escrow_by_expiry ON chat_escrow (expires_at);

    CREATE TABLE chat_transcripts (
      conversation_id uuid NOT NULL,
      seq integer NOT NULL,
      sealed bytea NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (conversation_id, seq)
    );
    CREATE INDEX chat_transcripts_by_expiry ON chat_transcripts (expires_at);
  `,
};
