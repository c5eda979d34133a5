import Fastify, { type FastifyInstance } from 'fastify';
import { createAccounts } from './accounts/accounts';
import { createAuditLog } from './audit/auditLog';
import { registerContactRoutes } from './contacts/contactRoutes';
import type { HubContext } from './hubContext';
import { installErrorHandler } from './http/httpError';
import { registerRecordRoutes } from './records/recordRoutes';
import { registerProcessingRecordRoute } from './retention/processingRecordRoute';
import { registerStatisticsRoutes } from './statistics/statisticsRoutes';

/** Largest request body the hub reads: a full record batch is well below it. */
export const HUB_BODY_LIMIT_BYTES = 1024 * 1024;

export interface HubOptions {
  /** TLS certificate and key (PEM); without them the hub speaks plain HTTP, for loopback only. */
  tls?: { cert: string; key: string };
}

/**
 * The hub's HTTP application: every route, one error format, no request logging (a request
 * line or a socket address in a log would break invariant I1). Listening is the caller's job.
 */
export async function buildHub(context: HubContext, options: HubOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: HUB_BODY_LIMIT_BYTES,
    ...(options.tls ? { https: options.tls } : {}),
  }) as unknown as FastifyInstance;
  app.decorateRequest('principal', null);
  installErrorHandler(app, context.log);

  const audit = createAuditLog(context);
  const accounts = createAccounts(context, audit);
  const services = { sessions: accounts.sessions, audit };

  app.get('/api/v1/health', () => Promise.resolve({ status: 'ok', database: context.db.engine }));
  await accounts.registerRoutes(app);
  audit.registerRoutes(app, accounts.sessions);
  registerRecordRoutes(app, context, services);
  registerContactRoutes(app, context, services);
  registerProcessingRecordRoute(app, context, accounts.sessions);
  registerStatisticsRoutes(app, context, services);
  return app;
}
