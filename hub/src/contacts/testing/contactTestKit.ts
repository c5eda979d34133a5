import crypto from 'node:crypto';
import type { ContactKey } from '../../../../shared/hub/contactsApi';
import type { Database } from '../../db/database';
import type { HubContext } from '../../hubContext';
import { createMemoryHubLogger } from '../../hubLogger';
import { defaultHubPolicy, type HubPolicy } from '../../policy/hubPolicy';
import { currentContactKeys, toContactKey } from '../contactKeys';
import { registerSighting } from '../contactSightings';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;

/** A hub context whose clock the test sets. */
export function contextWithClock(db: Database, start: Date, policy: HubPolicy = defaultHubPolicy): { context: TestHubContext; clock: TestClock } {
  let now = start;
  const clock: TestClock = {
    set: (to) => {
      now = typeof to === 'string' ? new Date(to) : to;
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
    now: () => now,
  };
  return { context: { db, policy, log: createMemoryHubLogger(), now: clock.now }, clock };
}

export type TestHubContext = HubContext & { log: ReturnType<typeof createMemoryHubLogger> };

export interface TestClock {
  set: (to: Date | string) => void;
  advance: (ms: number) => void;
  now: () => Date;
}

/** What a workstation sends for a pseudonym: HMAC-SHA256 under every key it holds, as hex. */
export function hashesFor(keys: readonly ContactKey[], pseudonym: string): { keyId: string; hash: string }[] {
  return keys.map((key) => ({
    keyId: key.keyId,
    hash: crypto.createHmac('sha256', Buffer.from(key.key, 'base64')).update(pseudonym).digest('hex'),
  }));
}

/**
 * A workstation's whole round at the hub's clock, without HTTP (the job tests use it to lay down
 * contacts): fetch the keys, hash the pseudonym under each, register. Returns contactsInWindow.
 */
export async function sightAtHub(context: HubContext, pseudonym: string, contactId: string = crypto.randomUUID()): Promise<number> {
  const keys = (await currentContactKeys(context)).map(toContactKey);
  const answer = await registerSighting(context, { contactId, hashes: hashesFor(keys, pseudonym) });
  return answer.contactsInWindow;
}

/**
 * Every row of every table in the database as JSON text (bytea as `\x…` hex), so a test can
 * show that a value survives nowhere.
 */
export async function everyRowAsText(db: Database): Promise<string> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const dumps: string[] = [];
  for (const table of tables) {
    const { rows } = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${table.name} t`);
    dumps.push(`${table.name}: ${rows.map((row) => row.row).join('\n')}`);
  }
  return dumps.join('\n');
}
