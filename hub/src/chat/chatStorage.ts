import type { FastifyInstance } from 'fastify';
import type { AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import { errorName } from '../hubLogger';
import type { SessionVerifier } from '../http/principal';
import { createChatEscrow } from './chatEscrow';
import type { ChatEscrow, ChatOpeningHours, ChatTranscripts } from './chatPorts';
import { createChatOpeningHours } from './chatSchedule';
import { registerChatSettingsRoutes } from './chatSettingsRoutes';
import { createChatTranscripts } from './chatTranscripts';

/**
 * Escrow rows must be gone within minutes of their time (12 h at most), so they are purged here
 * every minute rather than by the hourly retention job alone (which purges them too, audited).
 */
const PURGE_EVERY_MS = 60_000;

/**
 * What of chat reaches the database: the settings routes, and the opening hours, escrow and
 * transcript ports the broker uses. A bad escrow key, or kept transcripts without a key, throws
 * here, so the hub refuses to start rather than run without what its policy promises.
 */
export function installChatStorage(
  app: FastifyInstance,
  context: HubContext,
  deps: { sessions: SessionVerifier; audit: AuditTrail; transcriptKey: Buffer | null },
): { openingHours: ChatOpeningHours; escrow: ChatEscrow; transcripts: ChatTranscripts } {
  const escrow = createChatEscrow(context);
  const transcripts = createChatTranscripts(context, deps.transcriptKey);
  const openingHours = createChatOpeningHours(context);
  registerChatSettingsRoutes(app, context, { sessions: deps.sessions, audit: deps.audit, openingHours });

  let purging: Promise<void> | null = null;
  const purge = (): void => {
    if (purging) return;
    purging = purgeExpired(context, deps.audit, escrow, transcripts).finally(() => {
      purging = null;
    });
  };
  purge();
  const timer = setInterval(purge, PURGE_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    // The database closes after the app: a purge under way finishes first.
    await purging;
  });
  return { openingHours, escrow, transcripts };
}

/** One purge of both; audited when something went, logged by count only when it fails. */
async function purgeExpired(context: HubContext, audit: AuditTrail, escrow: ChatEscrow, transcripts: ChatTranscripts): Promise<void> {
  try {
    const now = context.now();
    const escrowDeleted = await escrow.purge(now);
    const transcriptMessagesDeleted = await transcripts.purge(now);
    if (escrowDeleted + transcriptMessagesDeleted > 0) await audit.append({ actorId: null, action: 'chat.purge', details: { escrowDeleted, transcriptMessagesDeleted } });
  } catch (error) {
    context.log.error('chat', 'purge failed', { error: errorName(error) });
  }
}
