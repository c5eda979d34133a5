import type { ChatMessage } from '../../../shared/hub/chatApi';
import { createAuditLog } from '../audit/auditLog';
import { listChatEscrow, sealedChatEscrow } from '../chat/chatEscrow';
import { readTranscript, transcriptKeyFrom } from '../chat/chatTranscripts';
import type { Database } from '../db/database';
import { createHubLogger } from '../hubLogger';
import { defaultHubPolicy } from '../policy/hubPolicy';

export const CHAT_USAGE = `  chat transcript CONVERSATION_ID                            prints a kept chat transcript (needs HUB_CHAT_TRANSCRIPT_KEY)
  chat escrow list                                           sealed emergency rows still kept: id, created, expires
  chat escrow export ID                                      one sealed row in base64, for the escrow key holder`;

/** What admin.ts lends: its database opening, its usage error, its output. */
export interface ChatCommandDeps {
  openDatabase(): Promise<Database>;
  usage(message: string): Error;
  write(text: string): void;
}

/**
 * `chat …` of the admin CLI. Reading a transcript and exporting a sealed row are audited
 * (`cli.chat-transcript`, `cli.chat-escrow-export`, no actor); the list shows when, never what.
 */
export async function runChatCommand(args: string[], deps: ChatCommandDeps): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'transcript') {
    const [conversationId, ...extra] = rest;
    if (!conversationId || extra.length > 0) throw deps.usage('chat transcript takes one conversation id');
    const key = transcriptKeyFrom(process.env.HUB_CHAT_TRANSCRIPT_KEY);
    if (!key) throw new Error('set HUB_CHAT_TRANSCRIPT_KEY to the hub’s transcript key to read a transcript');
    return withDatabase(deps, async (db, now) => {
      const messages = await readTranscript(db, key, conversationId, now);
      if (messages.length === 0) throw new Error(`no transcript kept for ${conversationId} (none was kept, or it expired)`);
      await audit(db, { actorId: null, action: 'cli.chat-transcript', target: conversationId, details: { messages: messages.length } });
      for (const message of messages) deps.write(`${transcriptLine(message)}\n`);
    });
  }
  if (subcommand === 'escrow') {
    const [action, id, ...extra] = rest;
    if (action === 'list' && id === undefined) {
      return withDatabase(deps, async (db, now) => {
        const entries = await listChatEscrow(db, now);
        if (entries.length === 0) deps.write('no sealed escrow rows\n');
        for (const entry of entries) deps.write(`${entry.id}  created ${entry.createdAt.toISOString()}  expires ${entry.expiresAt.toISOString()}\n`);
      });
    }
    if (action === 'export' && id !== undefined && extra.length === 0) {
      return withDatabase(deps, async (db, now) => {
        const sealed = await sealedChatEscrow(db, id, now);
        if (!sealed) throw new Error(`no sealed escrow row ${id} (unknown, or expired and deleted)`);
        await audit(db, { actorId: null, action: 'cli.chat-escrow-export', target: id });
        deps.write(`${sealed.toString('base64')}\n`);
      });
    }
    throw deps.usage('chat escrow list, or chat escrow export ID');
  }
  throw deps.usage('chat transcript CONVERSATION_ID, chat escrow list, or chat escrow export ID');
}

async function withDatabase(deps: ChatCommandDeps, work: (db: Database, now: Date) => Promise<void>): Promise<void> {
  const db = await deps.openDatabase();
  try {
    await work(db, new Date());
  } finally {
    await db.close();
  }
}

function audit(db: Database, entry: Parameters<ReturnType<typeof createAuditLog>['append']>[0]): Promise<void> {
  return createAuditLog({ db, now: () => new Date(), policy: defaultHubPolicy, log: createHubLogger() }).append(entry);
}

// The visitor wrote it: nothing in it may drive the operator's terminal (escape sequences).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function transcriptLine(message: ChatMessage): string {
  const text = message.from === 'system' ? `[${message.notice ?? 'notice'}]` : message.text.replace(TERMINAL_CONTROLS, '\ufffd').replace(/\n/g, '\n    ');
  return `#${message.seq} ${message.sentAt} ${message.from}: ${text}`;
}
