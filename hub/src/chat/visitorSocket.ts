import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { CHAT_VISITOR_SOCKET_PATH, chatCloseCodes, visitorMessageSchema, type VisitorEvent } from '../../../shared/hub/chatApi';
import type { HubContext } from '../hubContext';
import { errorName } from '../hubLogger';
import type { ChatBroker, VisitorLink, VisitorSession } from './chatBroker';
import { sendJson } from '../http/socketFrames';
import { FrameBudget, parseChatFrame } from './chatFrames';
import type { ChatOpeningHours } from './chatPorts';
import type { SourceResolver } from './sourceAddress';
import type { SourceLimits } from './sourceLimits';

/** A socket that has not said hello by then is not a visitor's widget. */
const HELLO_TIMEOUT_MS = 15_000;
/** Frames per window a visitor's socket may send (typing, acks, messages together). */
const FRAMES_PER_WINDOW = 100;
const FRAME_WINDOW_MS = 10_000;
/** Refused frames a socket may send before it is closed as not one of ours. */
const MAX_INVALID_FRAMES = 20;

export interface VisitorSocketDeps {
  broker: ChatBroker;
  limits: SourceLimits;
  resolveSource: SourceResolver;
  openingHours: ChatOpeningHours;
}

/**
 * The visitor's socket (anyone, no account): `hello` opens a conversation (when chat is open) or
 * resumes one by its token, then messages, typing, acks and `leave`. The source address is turned
 * into a keyed hash at once (sourceAddress.ts) and is in no log line: this module logs fixed words.
 * A refused frame is answered with an error and the conversation goes on; a socket that drops
 * (including ws's own 1009 for an oversized frame) leaves the conversation for the grace period.
 */
export function registerVisitorSocket(app: FastifyInstance, context: HubContext, deps: VisitorSocketDeps): void {
  app.get(CHAT_VISITOR_SOCKET_PATH, { websocket: true }, (socket: WebSocket, request: FastifyRequest) => {
    const source = deps.resolveSource(request.socket.remoteAddress, request.headers['x-forwarded-for']);
    const send = (event: VisitorEvent): void => sendJson(socket, event);
    if (!deps.limits.admitConnection(source.hash, context.now().getTime())) {
      send({ type: 'error', code: 'rate-limited', clientId: null });
      socket.close(chatCloseCodes.limited, 'rate-limited');
      return;
    }
    const link: VisitorLink = { send, close: (code, reason) => socket.close(code, reason), seal: source.seal };
    let session: VisitorSession | null = null;
    let greeted = false;
    let invalid = 0;
    const budget = new FrameBudget(FRAMES_PER_WINDOW, FRAME_WINDOW_MS);
    const helloTimer = setTimeout(() => {
      if (!greeted) socket.close(chatCloseCodes.invalidMessage, 'no hello');
    }, HELLO_TIMEOUT_MS);

    const refuse = (code: 'invalid-message' | 'message-too-large', clientId: string | null): void => {
      send({ type: 'error', code, clientId });
      invalid += 1;
      if (invalid > MAX_INVALID_FRAMES) socket.close(chatCloseCodes.invalidMessage, 'invalid messages');
    };

    const hello = async (token: string | null): Promise<void> => {
      if (token !== null) {
        session = deps.broker.resumeConversation(token, link);
        return;
      }
      const view = await deps.openingHours.view(context.now());
      // Gone while the hours were looked up: no conversation for nobody.
      if (socket.readyState !== socket.OPEN) return;
      if (!view.open) {
        send({ type: 'closed', schedule: view });
        socket.close(chatCloseCodes.finished, 'closed');
        return;
      }
      session = deps.broker.openConversation(source.hash, link);
    };

    socket.on('message', (data: RawData, isBinary: boolean) => {
      const spent = budget.take(context.now().getTime());
      if (!spent.ok) {
        if (spent.first) send({ type: 'error', code: 'rate-limited', clientId: null });
        return;
      }
      const parsed = parseChatFrame(data, isBinary, visitorMessageSchema);
      if (!parsed.ok) return refuse(parsed.code, parsed.clientId);
      const message = parsed.message;
      if (message.type === 'hello') {
        if (greeted) return refuse('invalid-message', null);
        greeted = true;
        clearTimeout(helloTimer);
        hello(message.token).catch((error: unknown) => {
          context.log.error('chat', 'visitor hello failed', { error: errorName(error) });
          send({ type: 'error', code: 'unavailable', clientId: null });
          socket.close(chatCloseCodes.limited, 'unavailable');
        });
        return;
      }
      // The first frame must be hello; until the welcome, nothing else counts.
      if (!greeted) return socket.close(chatCloseCodes.invalidMessage, 'hello first');
      if (!session) return refuse('invalid-message', message.type === 'message' ? message.clientId : null);
      switch (message.type) {
        case 'message':
          session.message(message.clientId, message.text);
          break;
        case 'typing':
          session.typing(message.typing);
          break;
        case 'ack':
          session.ack(message.seq);
          break;
        case 'leave':
          session.leave();
          break;
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(helloTimer);
      session?.detached();
    });
  });
}
