import type { FastifyInstance } from 'fastify';
import type { AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import type { Principal, SessionVerifier } from '../http/principal';
import { createLoginRateLimit } from './loginRateLimit';
import { registerSessionRoutes } from './sessionRoutes';
import { createSessionStore, purgeEndedSessions } from './sessionStore';
import { registerUserRoutes } from './userRoutes';

export interface Accounts {
  /** For `requireRole` in every other module. */
  sessions: SessionVerifier;
  /** Login, logout, the current session and the administrator's user management; `onLogout` runs after a session's own logout. */
  registerRoutes(app: FastifyInstance, hooks?: { onLogout?: (principal: Principal) => Promise<void> }): Promise<void>;
  /** Retention: deletes sessions ended more than policy.retention.sessionDays ago; returns how many. */
  purgeEndedSessions(): Promise<number>;
}

export function createAccounts(context: HubContext, audit: AuditTrail): Accounts {
  const sessions = createSessionStore(context.db, context.now, () => context.policy.accounts.sessionHours);
  return {
    sessions,
    async registerRoutes(app, hooks = {}) {
      const rateLimit = await createLoginRateLimit(app, context.policy.accounts.loginAttemptsPerMinute);
      registerSessionRoutes(app, context, { audit, sessions, rateLimit, ...hooks });
      registerUserRoutes(app, { db: context.db, now: context.now, audit, sessions });
    },
    purgeEndedSessions: () => purgeEndedSessions(context.db, context.now(), context.policy.retention.sessionDays),
  };
}
