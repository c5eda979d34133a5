import type { FastifyInstance } from 'fastify';
import type { AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import { errorName } from '../hubLogger';
import type { SessionVerifier } from '../http/principal';
import { PRESENCE_CHANNEL, parsePresenceEvent } from '../presence/presenceStore';
import { listenShared } from '../presence/sharedListen';
import type { ShiftLogins } from '../shifts/shiftLogins';
import { ChatBroker } from './chatBroker';
import { registerChatRoutes } from './chatRoutes';
import { installChatStorage } from './chatStorage';
import { registerCounsellorSocket } from './counsellorSocket';
import { createSourceResolver } from './sourceAddress';
import { createSourceLimits } from './sourceLimits';
import { registerVisitorSocket } from './visitorSocket';
import { registerChatWidgetRoutes } from './widgetRoutes';

export interface ChatTuning {
  /** How often the broker looks for lapsed offers and ended grace periods. */
  tickMs: number;
}

export const defaultChatTuning: ChatTuning = { tickMs: 250 };

const brokers = new WeakMap<FastifyInstance, ChatBroker>();

/** The broker of a hub app (tests and benchmarks look at its `stats()`); null without chat. */
export function chatBrokerOf(app: FastifyInstance): ChatBroker | null {
  return brokers.get(app) ?? null;
}

export interface ChatDeps {
  sessions: SessionVerifier;
  audit: AuditTrail;
  shiftLogins: ShiftLogins;
  /** Encrypts kept transcripts; null: the policy may not keep any (chatStorage refuses to start otherwise). */
  transcriptKey: Buffer | null;
  tuning?: Partial<ChatTuning>;
}

/**
 * Chat for one hub process: the broker (in memory), its two sockets and routes, the visitor's
 * widget, and what of chat reaches the database (chatStorage.ts). The broker hears of every
 * ended shift login on the presence channel (the NOTIFY every way a login ends sends), so the
 * counsellor's conversations go back to the queue at once. Everything stops when the app closes.
 * The app must have @fastify/websocket registered, with a maxPayload of CHAT_FRAME_MAX_BYTES.
 */
export async function installChat(app: FastifyInstance, context: HubContext, deps: ChatDeps): Promise<ChatBroker> {
  const tuning = { ...defaultChatTuning, ...deps.tuning };
  const storage = installChatStorage(app, context, { sessions: deps.sessions, audit: deps.audit, transcriptKey: deps.transcriptKey });
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>): void => {
    const settled = work.catch(() => undefined).finally(() => inFlight.delete(settled));
    inFlight.add(settled);
  };

  const policy = () => context.policy.chat;
  const limits = createSourceLimits(policy);
  const resolveSource = createSourceResolver(storage.escrow, () => policy().trustedProxies);
  const { transcripts } = storage;
  const broker = new ChatBroker({
    now: context.now,
    policy,
    limits,
    keepTranscript: transcripts.enabled
      ? (conversationId, message) =>
          track(transcripts.keep(conversationId, message).catch((error: unknown) => context.log.error('chat', 'transcript write failed', { error: errorName(error) })))
      : null,
    track,
    failed: (what, error) => context.log.error('chat', what, { error: errorName(error) }),
  });

  brokers.set(app, broker);

  registerVisitorSocket(app, context, { broker, limits, resolveSource, openingHours: storage.openingHours });
  registerCounsellorSocket(app, context, { broker, sessions: deps.sessions, shiftLogins: deps.shiftLogins, track });
  registerChatRoutes(app, context, { broker, sessions: deps.sessions, shiftLogins: deps.shiftLogins, audit: deps.audit });
  await registerChatWidgetRoutes(app, context);

  const stopListening = await listenShared(context.db, PRESENCE_CHANNEL, (payload) => {
    const event = parsePresenceEvent(payload);
    if (event?.kind === 'ended') broker.shiftEnded(event.userId, event.loginId);
  });
  const ticker = setInterval(() => broker.tick(), tuning.tickMs);
  ticker.unref();

  app.addHook('preClose', (done) => {
    clearInterval(ticker);
    broker.close();
    done();
  });
  app.addHook('onClose', async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    await stopListening();
  });
  return broker;
}
