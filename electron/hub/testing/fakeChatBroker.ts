import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { CounsellorEvent } from '../../../shared/hub/chatApi';

/** One counsellor socket as the fake broker sees it. */
export interface BrokerConnection {
  socket: WebSocket;
  authorization: string | undefined;
  /** Every frame the workstation sent, parsed. */
  received: { type: string; [key: string]: unknown }[];
  /** Sends a frame (any JSON: tests also send what the contract does not allow). */
  send(frame: CounsellorEvent | Record<string, unknown>): void;
}

/**
 * A loopback WebSocket server speaking the hub's side of the counsellor chat socket, driven by
 * the test: it says `welcome` (unless told not to) and records every frame. The real broker is
 * tested in hub/src/chat; both together run in integration/chat.
 */
export interface FakeChatBroker {
  url: string;
  connections: BrokerConnection[];
  /** The status the next upgrades are refused with; null: accepted. */
  refuseWith: number | null;
  /** What `welcome` says on each new connection; null: no welcome. */
  welcome: Extract<CounsellorEvent, { type: 'welcome' }> | null;
  /** Whether ping frames are answered (false: a hub that has gone silent). */
  answerPings: boolean;
  /** The newest connection (waits for one). */
  latest(): Promise<BrokerConnection>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeChatBroker(): Promise<FakeChatBroker> {
  const server = http.createServer();
  const pinging = new WebSocketServer({ noServer: true });
  const silent = new WebSocketServer({ noServer: true, autoPong: false });
  const broker: FakeChatBroker = {
    url: '',
    connections: [],
    refuseWith: null,
    welcome: { type: 'welcome', maxParallelChats: 3, maxMessageChars: 2000, conversations: [] },
    answerPings: true,
    latest: async () => {
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        const last = broker.connections.at(-1);
        if (last && last.socket.readyState === WebSocket.OPEN) return last;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('no chat socket connected');
    },
    reset: () => {
      for (const connection of broker.connections.splice(0)) connection.socket.terminate();
      broker.refuseWith = null;
      broker.answerPings = true;
      broker.welcome = { type: 'welcome', maxParallelChats: 3, maxMessageChars: 2000, conversations: [] };
    },
    close: async () => {
      for (const connection of broker.connections) connection.socket.terminate();
      pinging.close();
      silent.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  server.on('upgrade', (request, socket, head) => {
    if (broker.refuseWith !== null) {
      socket.end(`HTTP/1.1 ${broker.refuseWith} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    (broker.answerPings ? pinging : silent).handleUpgrade(request, socket, head, (ws) => {
      const connection: BrokerConnection = {
        socket: ws,
        authorization: request.headers.authorization,
        received: [],
        send: (frame) => ws.send(JSON.stringify(frame)),
      };
      broker.connections.push(connection);
      ws.on('message', (data: Buffer) => connection.received.push(JSON.parse(data.toString()) as BrokerConnection['received'][number]));
      if (broker.welcome) connection.send(broker.welcome);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  broker.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return broker;
}
