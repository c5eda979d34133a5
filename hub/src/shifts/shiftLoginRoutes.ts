import type { FastifyInstance } from 'fastify';
import { SHIFT_LOGIN_PATH, type ShiftLoginResponse } from '../../../shared/hub/shiftsApi';
import { principalOf, requireRole, type SessionVerifier } from '../http/principal';
import type { ShiftLogins } from './shiftLogins';

/** A counsellor starts the shift (after the hub login) and ends it (before the hub logout). */
export function registerShiftLoginRoutes(app: FastifyInstance, deps: { sessions: SessionVerifier; shiftLogins: ShiftLogins }): void {
  const counsellor = requireRole(deps.sessions, 'counsellor');

  app.post(SHIFT_LOGIN_PATH, { preHandler: counsellor }, async (request): Promise<ShiftLoginResponse> => deps.shiftLogins.start(principalOf(request)));

  // Ends the login this session started (not another workstation's), and is 204 when none is live.
  app.delete(SHIFT_LOGIN_PATH, { preHandler: counsellor }, async (request, reply) => {
    const principal = principalOf(request);
    const live = await deps.shiftLogins.liveOfSession(principal);
    if (live) await deps.shiftLogins.end(live.id, 'logout', { actorId: principal.userId });
    return reply.status(204).send();
  });
}
