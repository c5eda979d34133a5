// The peer for bench/chatConcurrency.ts: a bare `ws` relay in its own process speaking the same
// frames as the hub's chat broker, doing the least a relay can (no validation, no policy, no
// limits, no queue, no offers): a counsellor socket gets the next visitors in turn, a visitor's
// message gets the next seq, is echoed to the visitor and forwarded to the counsellor; acks are
// parsed and dropped. The same load through it shows what the broker itself costs.
// Prints `relay listening <port>` when it serves; stops on SIGTERM.
import crypto from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

const COUNSELLOR_PATH = '/counsellor';
const VISITOR_PATH = '/visitor';

interface Counsellor {
  socket: WebSocket;
  held: number;
}

const counsellors: Counsellor[] = [];
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });

function send(socket: WebSocket, event: object): void {
  socket.send(JSON.stringify(event));
}

server.on('connection', (socket, request) => {
  if (request.url === COUNSELLOR_PATH) {
    const counsellor: Counsellor = { socket, held: 0 };
    counsellors.push(counsellor);
    send(socket, { type: 'welcome', maxParallelChats: 10, maxMessageChars: 2000, conversations: [] });
    socket.on('message', (data: Buffer) => void JSON.parse(data.toString('utf8')));
    return;
  }
  if (request.url !== VISITOR_PATH) {
    socket.close(1008);
    return;
  }
  let counsellor: Counsellor | undefined;
  const conversationId = crypto.randomUUID();
  let seq = 0;
  const message = (from: 'visitor' | 'system', text: string, notice: string | null): object => ({ seq: ++seq, from, text, notice, sentAt: new Date().toISOString() });
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as { type: string; clientId?: string; text?: string };
    if (frame.type === 'hello') {
      send(socket, { type: 'welcome', token: crypto.randomBytes(32).toString('base64url'), state: 'queued', maxMessageChars: 2000 });
      // The least loaded counsellor, as a broker with capacity would pick.
      counsellor = counsellors.reduce<Counsellor | undefined>((best, candidate) => (!best || candidate.held < best.held ? candidate : best), undefined);
      if (!counsellor) return;
      counsellor.held += 1;
      const startedAt = new Date().toISOString();
      send(counsellor.socket, { type: 'conversation', conversation: { conversationId, state: 'active', startedAt, escalated: false, messages: [] } });
      send(socket, { type: 'message', message: message('system', '', 'counsellor-joined'), clientId: null });
    } else if (frame.type === 'message' && counsellor) {
      const accepted = message('visitor', frame.text ?? '', null);
      send(socket, { type: 'message', message: accepted, clientId: frame.clientId ?? null });
      send(counsellor.socket, { type: 'message', conversationId, message: accepted, clientId: null });
    }
  });
  socket.on('close', () => {
    if (counsellor) counsellor.held -= 1;
  });
});

server.on('listening', () => {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('unexpected address');
  process.stdout.write(`relay listening ${address.port}\n`);
});

process.on('SIGTERM', () => {
  for (const client of server.clients) client.terminate();
  server.close(() => process.exit(0));
});
