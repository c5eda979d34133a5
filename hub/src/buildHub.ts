import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { CHAT_FRAME_MAX_BYTES } from '../../shared/hub/chatApi';
import { createAccounts } from './accounts/accounts';
import { createSessionStore } from './accounts/sessionStore';
import { createAuditLog } from './audit/auditLog';
import { installChat, type ChatTuning } from './chat/installChat';
import { registerContactRoutes } from './contacts/contactRoutes';
import type { HubContext } from './hubContext';
import { installErrorHandler } from './http/httpError';
import { installPresence, type PresenceTuning } from './presence/presenceService';
import { registerRecordRoutes } from './records/recordRoutes';
import { registerProcessingRecordRoute } from './retention/processingRecordRoute';
import { registerShiftLoginRoutes } from './shifts/shiftLoginRoutes';
import { createShiftLogins } from './shifts/shiftLogins';
import { registerShiftPlanRoutes } from './shifts/shiftRoutes';
import type { SipServer } from './sip/sipServer';
import { registerStatisticsRoutes } from './statistics/statisticsRoutes';

/** Largest request body the hub reads: a full record batch is well below it. */
export const HUB_BODY_LIMIT_BYTES = 1024 * 1024;

export interface HubOptions {
  /** TLS certificate and key (PEM); without them the hub speaks plain HTTP, for loopback only. */
  tls?: { cert: string; key: string };
  /** The SIP server that gets per-shift credentials; none: no SIP credentials, no call figures. */
  sip?: SipServer | null;
  /** This process's name in presence rows (default: a random one); one per hub process. */
  instanceId?: string;
  /** Shorter presence timers (tests). */
  presenceTuning?: Partial<PresenceTuning>;
  /** Encrypts kept chat transcripts (32 bytes); null: the policy may not keep any. */
  chatTranscriptKey?: Buffer | null;
  /** Shorter chat timers (tests). */
  chatTuning?: Partial<ChatTuning>;
}

/**
 * The hub's HTTP application: every route, one error format, no request logging (a request
 * line or a socket address in a log would break invariant I1). Listening is the caller's job;
 * app.close() stops presence's sockets, LISTENs and timers.
 */
export async function buildHub(context: HubContext, options: HubOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: HUB_BODY_LIMIT_BYTES,
    ...(options.tls ? { https: options.tls } : {}),
  }) as unknown as FastifyInstance;
  app.decorateRequest('principal', null);
  installErrorHandler(app, context.log);
  // Before any route, so that it sees them all. Frames above this (the chat sockets' largest) are
  // refused by ws itself with 1009; below it, presence's own 4 KB limit closes its socket with its code.
  await app.register(websocket, { options: { maxPayload: CHAT_FRAME_MAX_BYTES } });

  const audit = createAuditLog(context);
  const accounts = createAccounts(context, audit);
  const services = { sessions: accounts.sessions, audit };
  const sip = options.sip ?? null;
  // Its own handle on the sessions table: a forced logout revokes the counsellor's hub session.
  const sessionStore = createSessionStore(context.db, context.now, () => context.policy.accounts.sessionHours);
  const shiftLogins = createShiftLogins(context, { audit, sessions: sessionStore, sip });

  app.get('/api/v1/health', () => Promise.resolve({ status: 'ok', database: context.db.engine }));
  await accounts.registerRoutes(app, { onLogout: (principal) => shiftLogins.endOfSession(principal) });
  audit.registerRoutes(app, accounts.sessions);
  registerRecordRoutes(app, context, services);
  registerContactRoutes(app, context, services);
  registerProcessingRecordRoute(app, context, accounts.sessions);
  registerStatisticsRoutes(app, context, services);
  registerShiftPlanRoutes(app, context, services);
  registerShiftLoginRoutes(app, { sessions: accounts.sessions, shiftLogins });
  const chat = await installChat(app, context, {
    ...services,
    shiftLogins,
    transcriptKey: options.chatTranscriptKey ?? null,
    ...(options.chatTuning ? { tuning: options.chatTuning } : {}),
  });
  await installPresence(app, context, {
    ...services,
    shiftLogins,
    sip,
    chat,
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    ...(options.presenceTuning ? { tuning: options.presenceTuning } : {}),
  });
  return app;
}
