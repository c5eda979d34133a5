import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CHAT_ALERT_ACK_PATH, CHAT_TRANSFER_TARGETS_PATH, type TransferTargetsResponse } from '../../../shared/hub/chatApi';
import type { AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import { HttpError, parseOr400 } from '../http/httpError';
import { principalOf, requireRole, type SessionVerifier } from '../http/principal';
import { requireLiveShiftLogin } from '../shifts/liveShiftGate';
import type { ShiftLogins } from '../shifts/shiftLogins';
import type { ChatBroker } from './chatBroker';

const alertParamsSchema = z.object({ id: z.uuid() });

/**
 * The broker's two REST routes: the colleagues a counsellor on shift may hand a chat to, and a
 * supervisor's (or administrator's) acknowledgement of an emergency alert, audited by alert id
 * (which says nothing about the conversation).
 */
export function registerChatRoutes(
  app: FastifyInstance,
  context: HubContext,
  deps: { broker: ChatBroker; sessions: SessionVerifier; shiftLogins: ShiftLogins; audit: AuditTrail },
): void {
  const counsellor = requireRole(deps.sessions, 'counsellor');
  const staff = requireRole(deps.sessions, 'supervisor', 'administrator');

  app.get(CHAT_TRANSFER_TARGETS_PATH, async (request: FastifyRequest): Promise<TransferTargetsResponse> => {
    const live = await requireLiveShiftLogin(request, counsellor, deps.shiftLogins);
    return { targets: deps.broker.transferTargets(live.userId) };
  });

  app.post(CHAT_ALERT_ACK_PATH, { preHandler: staff }, async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseOr400(alertParamsSchema, request.params, 'alert');
    if (!deps.broker.alerts().some((alert) => alert.alertId === id)) throw new HttpError('not-found', 'no such open alert');
    await deps.audit.append({ actorId: principalOf(request).userId, action: 'chat.alert.acknowledge', target: id });
    deps.broker.acknowledgeAlert(id);
    return reply.status(204).send();
  });
}
