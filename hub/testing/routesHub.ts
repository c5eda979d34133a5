import Fastify, { type FastifyInstance } from 'fastify';
import { createAccounts } from '../src/accounts/accounts';
import type { AuditTrail } from '../src/audit/auditTrail';
import { createAuditLog } from '../src/audit/auditLog';
import type { HubContext } from '../src/hubContext';
import { installErrorHandler } from '../src/http/httpError';
import type { SessionVerifier } from '../src/http/principal';

/**
 * The accounts' login and the routes under test, as buildHub wires them, and nothing else: a bare
 * app with the hub's error handler, the audit log and the accounts' routes, then `install` with
 * the sessions and audit trail the routes guard and write with.
 */
export async function hubWithRoutes(context: HubContext, install: (app: FastifyInstance, services: { sessions: SessionVerifier; audit: AuditTrail }) => void): Promise<FastifyInstance> {
  const app = Fastify({ logger: false }) as unknown as FastifyInstance;
  app.decorateRequest('principal', null);
  installErrorHandler(app, context.log);
  const audit = createAuditLog(context);
  const accounts = createAccounts(context, audit);
  await accounts.registerRoutes(app);
  install(app, { sessions: accounts.sessions, audit });
  return app;
}
