import type { FastifyInstance } from 'fastify';
import { purgeEndedSessions } from './accounts/sessionStore';
import { createAuditLog } from './audit/auditLog';
import { auditLoosenedPolicy } from './audit/policyAudit';
import { buildHub } from './buildHub';
import { purgeChatEscrow } from './chat/chatEscrow';
import { purgeChatTranscripts } from './chat/chatTranscripts';
import { forgetOldContacts } from './contacts/contactRetention';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { openDatabase } from './db/openDatabase';
import type { HubConfig } from './hubConfig';
import type { HubContext } from './hubContext';
import type { HubLogger } from './hubLogger';
import { readHubPolicy } from './policy/hubPolicy';
import { applyRecordRetention } from './retention/recordRetention';
import { scheduleRetention, type RetentionStep } from './retention/retentionJob';

export interface RunningHub {
  app: FastifyInstance;
  context: HubContext;
  /** The address it listens on, e.g. http://127.0.0.1:7480. */
  url: string;
  stop(): Promise<void>;
}

/** Everything the retention job forgets, in the order it runs. */
export const retentionSteps: readonly RetentionStep[] = [
  {
    name: 'records',
    run: async ({ db, policy, now }) => ({ ...(await applyRecordRetention(db, policy, now())) }),
  },
  { name: 'contacts', run: async (context) => ({ ...(await forgetOldContacts(context)) }) },
  {
    name: 'sessions',
    run: async ({ db, policy, now }) => ({ sessionsDeleted: await purgeEndedSessions(db, now(), policy.retention.sessionDays) }),
  },
  // Chat storage purges both every minute too (chatStorage.ts); here they are audited each hour.
  { name: 'chat-escrow', run: async ({ db, now }) => ({ escrowDeleted: await purgeChatEscrow(db, now()) }) },
  { name: 'chat-transcripts', run: async ({ db, now }) => ({ transcriptMessagesDeleted: await purgeChatTranscripts(db, now()) }) },
];

/** Opens the database, migrates, audits a loosened policy, listens, and starts the retention job. */
export async function startHub(config: HubConfig, log: HubLogger, options: { database?: Database; retention?: boolean } = {}): Promise<RunningHub> {
  const policy = readHubPolicy(config.policyFile);
  const db = options.database ?? (await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: config.dataDir }));
  await migrate(db);
  const context: HubContext = { db, policy, log, now: () => new Date() };
  const audit = createAuditLog(context);
  const loosened = await auditLoosenedPolicy(audit, policy);
  if (loosened.length > 0) log.warn('policy', 'settings loosened from the private defaults', { settings: loosened.join(',') });

  const app = await buildHub(context, { ...(config.tls ? { tls: config.tls } : {}), sip: config.sip ?? null, chatTranscriptKey: config.chatTranscriptKey ?? null });
  const address = await app.listen({ host: config.host, port: config.port });
  const stopRetention = options.retention === false ? () => undefined : scheduleRetention(context, audit, retentionSteps);
  log.info('hub', 'listening', { address, database: db.engine, sipServer: config.sip ? 'configured' : 'none' });
  return {
    app,
    context,
    url: address.replace('[::1]', 'localhost'),
    async stop() {
      stopRetention();
      await app.close();
      await db.close();
    },
  };
}
