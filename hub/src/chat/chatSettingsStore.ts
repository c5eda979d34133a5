import { z } from 'zod';
import { cannedReplySchema, chatScheduleSchema, type CannedReply, type ChatSchedule } from '../../../shared/hub/chatApi';
import type { Queryable } from '../db/database';

/**
 * The administrator's chat settings, one `chat_settings` row each (JSON). No row yet: the
 * defaults below, so a new hub has sensible replies and is open around the clock.
 */
type SettingName = 'canned-replies' | 'schedule';

/** What a Danish helpline's counsellors reach for most; the administrator replaces them at will. */
export const defaultCannedReplies: readonly CannedReply[] = [
  { title: 'Velkomst', text: 'Hej, du skriver med en rådgiver. Du er anonym her. Hvad har du lyst til at skrive om?' },
  { title: 'Vent lidt', text: 'Tak fordi du venter. Jeg læser lige det, du har skrevet, og svarer dig om et øjeblik.' },
  { title: 'Afslutning', text: 'Tak fordi du skrev til os i dag. Du er altid velkommen til at skrive igen, når vi har åbent.' },
  { title: 'Akut hjælp', text: 'Hvis du er i fare lige nu, så ring 112.' },
  { title: 'Tak', text: 'Tak fordi du fortæller mig det. Det kræver mod at skrive om.' },
];

/** No schedule: open around the clock, no exceptions. */
export const defaultChatSchedule: ChatSchedule = { weekly: null, exceptions: [] };

const storedRepliesSchema = z.object({ replies: z.array(cannedReplySchema) });

/** Who changed a setting and when, for the row. */
export interface SettingWrite {
  updatedBy: string | null;
  at: Date;
}

export async function readCannedReplies(db: Queryable): Promise<CannedReply[]> {
  const stored = await readSetting(db, 'canned-replies');
  return stored === undefined ? defaultCannedReplies.map((reply) => ({ ...reply })) : storedRepliesSchema.parse(stored).replies;
}

export async function writeCannedReplies(tx: Queryable, replies: CannedReply[], write: SettingWrite): Promise<void> {
  await writeSetting(tx, 'canned-replies', { replies }, write);
}

export async function readChatSchedule(db: Queryable): Promise<ChatSchedule> {
  const stored = await readSetting(db, 'schedule');
  return stored === undefined ? structuredClone(defaultChatSchedule) : chatScheduleSchema.parse(stored);
}

export async function writeChatSchedule(tx: Queryable, schedule: ChatSchedule, write: SettingWrite): Promise<void> {
  await writeSetting(tx, 'schedule', schedule, write);
}

async function readSetting(db: Queryable, name: SettingName): Promise<unknown> {
  const { rows } = await db.query<{ value: unknown }>('SELECT value FROM chat_settings WHERE name = $1', [name]);
  return rows[0]?.value;
}

async function writeSetting(tx: Queryable, name: SettingName, value: object, write: SettingWrite): Promise<void> {
  await tx.query(
    `INSERT INTO chat_settings (name, value, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [name, JSON.stringify(value), write.updatedBy, write.at],
  );
}
