import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { z } from 'zod';
import { PRESENCE_SOCKET_PATH, appMessageSchema, presenceCloseCodes } from '../../../shared/hub/presenceApi';
import type { HubContext } from '../hubContext';
import { requireRole, type SessionVerifier } from '../http/principal';
import { readJsonFrame } from '../http/socketFrames';
import { requireLiveShiftLogin } from '../shifts/liveShiftGate';
import type { LiveShiftLogin, ShiftLogins } from '../shifts/shiftLogins';
import type { PresenceCommands } from './presenceCommands';
import type { PresenceSocket, PresenceSockets } from './presenceSockets';
import { presenceOnConnect, presenceOnDisconnect, presenceOnReport } from './presenceStore';
import { errorName } from '../hubLogger';

/** A presence message is a few dozen bytes; anything near this is not one of ours. */
export const PRESENCE_MESSAGE_MAX_BYTES = 4096;

export interface PresenceSocketDeps {
  sessions: SessionVerifier;
  shiftLogins: ShiftLogins;
  sockets: PresenceSockets;
  commands: PresenceCommands;
  /** This process, in presence.connected_to. */
  instanceId: string;
  track: <T>(work: Promise<T>) => Promise<T>;
  /** True once the hub is shutting down: sockets then close without writing. */
  closing: () => boolean;
}

/**
 * The workstation's presence socket: a counsellor whose session started a live shift login. It
 * reports states and heartbeats; heartbeats stay in memory (batched by the sweep), states are
 * written at once. Anything that does not validate closes the socket with `invalidMessage`.
 */
export function registerPresenceSocket(app: FastifyInstance, context: HubContext, deps: PresenceSocketDeps): void {
  const counsellor = requireRole(deps.sessions, 'counsellor');
  const logins = new WeakMap<FastifyRequest, LiveShiftLogin>();

  const preHandler = async (request: FastifyRequest): Promise<void> => {
    logins.set(request, await requireLiveShiftLogin(request, counsellor, deps.shiftLogins));
  };

  app.get(PRESENCE_SOCKET_PATH, { websocket: true, preHandler }, (socket: WebSocket, request: FastifyRequest) => {
    const live = logins.get(request);
    if (!live) return socket.close(presenceCloseCodes.shiftEnded, 'no live shift login');
    const entry: PresenceSocket = {
      socket,
      userId: live.userId,
      loginId: live.id,
      connection: `${deps.instanceId}/${crypto.randomUUID()}`,
      lastHeartbeatMs: context.now().getTime(),
      unflushed: false,
      announced: false,
      shiftEndsAt: live.shiftEndsAt.toISOString(),
    };
    deps.sockets.add(entry);

    // Writes for one socket happen in the order its messages came.
    let chain: Promise<void> = Promise.resolve();
    const inOrder = (work: () => Promise<void>): void => {
      chain = deps.track(
        chain.then(work).catch((error: unknown) => context.log.error('presence', 'presence write failed', { error: errorName(error) })),
      );
    };

    // Welcome once this socket is the login's one (so of two sockets the later one wins).
    inOrder(async () => {
      if (!(await presenceOnConnect(context.db, entry, context.now()))) {
        deps.sockets.close(entry, presenceCloseCodes.shiftEnded, 'shift login ended');
        return;
      }
      deps.sockets.send(entry, { type: 'welcome', heartbeatSeconds: context.policy.shifts.heartbeatSeconds });
      for (const message of await deps.commands.pendingFor(entry)) deps.sockets.send(entry, message);
    });

    socket.on('message', (data: RawData, isBinary: boolean) => {
      const message = isBinary ? null : parseAppMessage(data);
      if (!message) {
        deps.sockets.close(entry, presenceCloseCodes.invalidMessage, 'invalid message');
        return;
      }
      switch (message.type) {
        case 'heartbeat':
          deps.sockets.heartbeat(entry, context.now().getTime());
          deps.sockets.send(entry, { type: 'heartbeat-ack', seq: message.seq });
          break;
        case 'state': {
          deps.sockets.heartbeat(entry, context.now().getTime());
          const { state, awayReason } = message;
          inOrder(() => presenceOnReport(context.db, entry, state, awayReason, context.now()));
          break;
        }
        case 'command-ack': {
          const { commandId } = message;
          inOrder(() => deps.commands.acknowledge(entry, commandId));
          break;
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      deps.sockets.remove(entry);
      if (!deps.closing()) inOrder(() => presenceOnDisconnect(context.db, entry));
    });
  });
}

type ParsedAppMessage = z.infer<typeof appMessageSchema>;

/** The message, or null if it is too large, not JSON or not one the protocol knows. */
export function parseAppMessage(data: RawData): ParsedAppMessage | null {
  const frame = readJsonFrame(data, PRESENCE_MESSAGE_MAX_BYTES);
  const parsed = frame ? appMessageSchema.safeParse(frame.json) : null;
  return parsed?.success ? parsed.data : null;
}
