import type { FastifyRequest } from 'fastify';
import { HttpError } from '../http/httpError';
import { principalOf } from '../http/principal';
import type { LiveShiftLogin, ShiftLogins } from './shiftLogins';

/**
 * A counsellor's request that needs a live shift login of its session (invariant I6): the
 * presence socket, the chat socket and the chat routes. `counsellor` is the role check
 * (`requireRole(sessions, 'counsellor')`); 401/403 otherwise.
 */
export async function requireLiveShiftLogin(
  request: FastifyRequest,
  counsellor: (request: FastifyRequest) => Promise<void>,
  shiftLogins: ShiftLogins,
): Promise<LiveShiftLogin> {
  await counsellor(request);
  const live = await shiftLogins.liveOfSession(principalOf(request));
  if (!live) throw new HttpError('forbidden', 'no live shift login for this session');
  return live;
}
