import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  USERS_PATH,
  USER_DISABLE_PATH,
  USER_PASSWORD_PATH,
  USER_SESSIONS_PATH,
  USER_TOTP_PATH,
  createUserRequestSchema,
  setPasswordRequestSchema,
  userIdParamsSchema,
  type CreateUserResponse,
  type DisableUserResponse,
  type RevokeSessionsResponse,
  type TotpEnrolmentResponse,
  type UsersResponse,
} from '../../../shared/hub/accountsApi';
import { HttpError, parseOr400 } from '../http/httpError';
import { principalOf, requireRole } from '../http/principal';
import { createAccount, disableAccount, enrolTotp, resetPassword, revokeSessions, type AccountAdminDeps } from './userAdmin';
import { hubUserOf, listUsers } from './userStore';

/** User management: administrators only, every change audited under the administrator's id. */
export function registerUserRoutes(app: FastifyInstance, deps: AccountAdminDeps): void {
  const administrator = { preHandler: requireRole(deps.sessions, 'administrator') };
  const as = (request: FastifyRequest, action: string) => ({ actorId: principalOf(request).userId, action });
  const userIdOf = (request: { params: unknown }): string => parseOr400(userIdParamsSchema, request.params, 'user id').id;

  app.get(USERS_PATH, administrator, async (): Promise<UsersResponse> => ({ users: (await listUsers(deps.db)).map(hubUserOf) }));

  app.post(USERS_PATH, administrator, async (request, reply): Promise<CreateUserResponse> => {
    const input = parseOr400(createUserRequestSchema, request.body, 'user');
    const created = await createAccount(deps, input, as(request, 'user.create'));
    void reply.status(201);
    return created;
  });

  app.post(USER_PASSWORD_PATH, administrator, async (request, reply) => {
    const userId = userIdOf(request);
    const { password } = parseOr400(setPasswordRequestSchema, request.body, 'password');
    await resetPassword(deps, userId, password, as(request, 'user.password-reset'));
    return reply.status(204).send();
  });

  app.post(USER_TOTP_PATH, administrator, async (request): Promise<TotpEnrolmentResponse> => {
    const totp = await enrolTotp(deps, userIdOf(request), as(request, 'user.totp-enrol'));
    return { totp };
  });

  app.post(USER_DISABLE_PATH, administrator, async (request): Promise<DisableUserResponse> => {
    const userId = userIdOf(request);
    // The last way back in would be the CLI; an administrator locking themselves out is a slip.
    if (userId === principalOf(request).userId) throw new HttpError('conflict', 'an administrator cannot disable their own account');
    return { user: await disableAccount(deps, userId, as(request, 'user.disable')) };
  });

  app.delete(USER_SESSIONS_PATH, administrator, async (request): Promise<RevokeSessionsResponse> => {
    return { revoked: await revokeSessions(deps, userIdOf(request), as(request, 'session.revoked')) };
  });
}
