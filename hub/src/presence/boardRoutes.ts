import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import {
  BOARD_LOGOUT_PATH,
  BOARD_PATH,
  BOARD_SOCKET_PATH,
  BOARD_STATE_PATH,
  boardLogoutRequestSchema,
  boardStateRequestSchema,
  presenceCloseCodes,
  type BoardCommandResponse,
  type BoardSnapshot,
} from '../../../shared/hub/presenceApi';
import { parseOr400 } from '../http/httpError';
import { principalOf, requireRole, type SessionVerifier } from '../http/principal';
import type { BoardFeed } from './boardFeed';
import type { PresenceCommands } from './presenceCommands';

const counsellorParamsSchema = z.object({ id: z.uuid() });

/**
 * The supervisor board: the snapshot, its live socket, and the two orders a supervisor (or an
 * administrator) can give a counsellor's workstation. Both orders answer 202: carrying them out
 * is the workstation's (or, for a logout it does not confirm, the hub's sweep's) business.
 */
export function registerBoardRoutes(
  app: FastifyInstance,
  deps: { sessions: SessionVerifier; commands: PresenceCommands; feed: BoardFeed; snapshot: () => Promise<BoardSnapshot> },
): void {
  const staff = requireRole(deps.sessions, 'supervisor', 'administrator');

  app.get(BOARD_PATH, { preHandler: staff }, (): Promise<BoardSnapshot> => deps.snapshot());

  app.post(BOARD_LOGOUT_PATH, { preHandler: staff }, async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseOr400(counsellorParamsSchema, request.params, 'counsellor');
    const order = parseOr400(boardLogoutRequestSchema, request.body, 'logout');
    const commandId = await deps.commands.issueLogout(principalOf(request).userId, id, order);
    return reply.status(202).send({ commandId } satisfies BoardCommandResponse);
  });

  app.post(BOARD_STATE_PATH, { preHandler: staff }, async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseOr400(counsellorParamsSchema, request.params, 'counsellor');
    const order = parseOr400(boardStateRequestSchema, request.body, 'state');
    const commandId = await deps.commands.issueSetState(principalOf(request).userId, id, order);
    return reply.status(202).send({ commandId } satisfies BoardCommandResponse);
  });

  // The board socket only listens: anything a client sends closes it.
  app.get(BOARD_SOCKET_PATH, { websocket: true, preHandler: staff }, (socket: WebSocket) => {
    socket.on('message', () => socket.close(presenceCloseCodes.invalidMessage, 'the board socket takes no messages'));
    socket.on('error', () => undefined);
    socket.on('close', () => deps.feed.remove(socket));
    deps.feed.add(socket).catch(() => socket.close(1011, 'board unavailable'));
  });
}
