import type { FastifyRequest } from 'fastify';
import type { HubRole } from '../../../shared/hub/hubRoles';
import { HttpError } from './httpError';

/** Who is asking: resolved from the bearer token by the accounts module's session check. */
export interface Principal {
  userId: string;
  username: string;
  role: HubRole;
  sessionId: string;
}

export interface SessionVerifier {
  /** The session's principal, or null if the token is unknown, expired or revoked. */
  verify(token: string): Promise<Principal | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The request's principal, for handlers behind `requireRole` (which guarantees one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpError('unauthenticated', 'no session');
  return request.principal;
}

/** A preHandler: a valid session whose role is one of `roles`, or 401/403. */
export function requireRole(verifier: SessionVerifier, ...roles: HubRole[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer ([A-Za-z0-9_-]{16,256})$/.exec(header)?.[1];
    const principal = token ? await verifier.verify(token) : null;
    if (!principal) throw new HttpError('unauthenticated', 'a valid session is required');
    if (!roles.includes(principal.role)) throw new HttpError('forbidden', `this needs the role ${roles.join(' or ')}`);
    request.principal = principal;
  };
}
