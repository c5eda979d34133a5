import type { FastifyInstance } from 'fastify';
import { CURRENT_SESSION_PATH, SESSIONS_PATH, loginRequestSchema, type LoginResponse, type SessionUser } from '../../../shared/hub/accountsApi';
import type { AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import { HttpError, parseOr400 } from '../http/httpError';
import { principalOf, requireRole, type Principal } from '../http/principal';
import { logIn } from './login';
import type { LoginRateLimit } from './loginRateLimit';
import type { SessionStore } from './sessionStore';
import { findUserById } from './userStore';

/** Log in, see who the session belongs to, log out. */
export function registerSessionRoutes(
  app: FastifyInstance,
  context: HubContext,
  deps: { audit: AuditTrail; sessions: SessionStore; rateLimit: LoginRateLimit; onLogout?: (principal: Principal) => Promise<void> },
): void {
  const anyRole = requireRole(deps.sessions, 'counsellor', 'supervisor', 'administrator');

  app.post(SESSIONS_PATH, { onRequest: deps.rateLimit.byClient }, async (request, reply): Promise<LoginResponse> => {
    const login = parseOr400(loginRequestSchema, request.body, 'login');
    await deps.rateLimit.byUsername(request, reply, login.username);
    return logIn(context, deps.audit, deps.sessions, login);
  });

  app.get(CURRENT_SESSION_PATH, { preHandler: anyRole }, async (request): Promise<SessionUser> => {
    const user = await findUserById(context.db, principalOf(request).userId);
    if (!user) throw new HttpError('unauthenticated', 'a valid session is required');
    return { id: user.id, username: user.username, displayName: user.display_name, role: user.role };
  });

  app.delete(CURRENT_SESSION_PATH, { preHandler: anyRole }, async (request, reply) => {
    const principal = principalOf(request);
    await context.db.transaction(async (tx) => {
      if (await deps.sessions.revoke(principal.sessionId, tx)) {
        await deps.audit.append({ actorId: principal.userId, action: 'session.logout', target: principal.sessionId }, tx);
      }
    });
    // The shift login this session started ends with it (hub/src/shifts).
    await deps.onLogout?.(principal);
    return reply.status(204).send();
  });
}
