import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { CHAT_COUNSELLOR_SOCKET_PATH, chatCloseCodes, counsellorMessageSchema, type CounsellorEvent } from '../../../shared/hub/chatApi';
import type { HubContext } from '../hubContext';
import { errorName } from '../hubLogger';
import { principalOf, requireRole, type Principal, type SessionVerifier } from '../http/principal';
import { requireLiveShiftLogin } from '../shifts/liveShiftGate';
import type { LiveShiftLogin, ShiftLogins } from '../shifts/shiftLogins';
import type { ChatBroker, CounsellorLink } from './chatBroker';
import { sendJson } from '../http/socketFrames';
import { parseChatFrame } from './chatFrames';

/** Refused frames a workstation may send before its socket is closed: ours does not send any. */
const MAX_INVALID_FRAMES = 20;

export interface CounsellorSocketDeps {
  broker: ChatBroker;
  sessions: SessionVerifier;
  shiftLogins: ShiftLogins;
  track: (work: Promise<unknown>) => void;
}

/** The counsellor's live shift login and name, checked before the upgrade. */
interface OnShift {
  principal: Principal;
  live: LiveShiftLogin;
  displayName: string;
}

/**
 * A counsellor's chat socket: only on a live shift login of this session (invariant I6, the same
 * check as the presence socket). When the shift login ends the broker closes it with
 * `shiftEnded` (installChat hears of the end); the check is repeated once the socket is known to
 * the broker, since a login that ended in between was announced before the broker knew the socket.
 */
export function registerCounsellorSocket(app: FastifyInstance, context: HubContext, deps: CounsellorSocketDeps): void {
  const counsellor = requireRole(deps.sessions, 'counsellor');
  const checked = new WeakMap<FastifyRequest, OnShift>();

  const preHandler = async (request: FastifyRequest): Promise<void> => {
    const onShift = await liveShift(context, deps, request, counsellor);
    checked.set(request, onShift);
  };

  app.get(CHAT_COUNSELLOR_SOCKET_PATH, { websocket: true, preHandler }, (socket: WebSocket, request: FastifyRequest) => {
    const onShift = checked.get(request);
    if (!onShift) return socket.close(chatCloseCodes.shiftEnded, 'no live shift login');
    const { principal, live, displayName } = onShift;
    const link: CounsellorLink = {
      send: (event: CounsellorEvent) => sendJson(socket, event),
      close: (code, reason) => socket.close(code, reason),
    };
    const session = deps.broker.counsellorConnected({ userId: live.userId, loginId: live.id, displayName }, link);
    deps.track(
      deps.shiftLogins
        .liveOfSession(principal)
        .then((still) => {
          if (still?.id !== live.id) deps.broker.shiftEnded(live.userId, live.id);
        })
        .catch((error: unknown) => context.log.error('chat', 'shift login check failed', { error: errorName(error) })),
    );

    let invalid = 0;
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const parsed = parseChatFrame(data, isBinary, counsellorMessageSchema);
      if (!parsed.ok) {
        link.send({ type: 'error', code: parsed.code, conversationId: parsed.conversationId, clientId: parsed.clientId });
        invalid += 1;
        if (invalid > MAX_INVALID_FRAMES) socket.close(chatCloseCodes.invalidMessage, 'invalid messages');
        return;
      }
      const message = parsed.message;
      switch (message.type) {
        case 'accepting':
          session.accepting(message.accepting);
          break;
        case 'accept':
          session.accept(message.offerId);
          break;
        case 'decline':
          session.decline(message.offerId);
          break;
        case 'message':
          session.message(message.conversationId, message.clientId, message.text);
          break;
        case 'typing':
          session.typing(message.conversationId, message.typing);
          break;
        case 'ack':
          session.ack(message.conversationId, message.seq);
          break;
        case 'end':
          session.end(message.conversationId);
          break;
        case 'transfer':
          session.transfer(message.conversationId, message.toUserId, message.handover);
          break;
        case 'escalate':
          session.escalate(message.conversationId);
          break;
        case 'block':
          session.block(message.conversationId);
          break;
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => session.detached());
  });
}

/** A counsellor of this session's live shift login, with their name; 401/403 otherwise. */
export async function liveShift(
  context: HubContext,
  deps: { shiftLogins: ShiftLogins },
  request: FastifyRequest,
  counsellor: (request: FastifyRequest) => Promise<void>,
): Promise<OnShift> {
  const live = await requireLiveShiftLogin(request, counsellor, deps.shiftLogins);
  const principal = principalOf(request);
  const { rows } = await context.db.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [principal.userId]);
  return { principal, live, displayName: rows[0]?.display_name ?? principal.username };
}
