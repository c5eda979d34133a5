import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { presenceCloseCodes } from '../../shared/hub/presenceApi';
import { createLogger } from '../services/logger';
import { PresenceLink, type HubCommand, type PresenceLinkState } from './presenceLink';

// The presence socket against a loopback WebSocket server that speaks the hub's side of the
// protocol (the hub's own socket is tested in hub/src/presence; the whole pair runs in
// integration/shifts). What is pinned down here: what the link sends when, and how it copes
// with a hub that closes, refuses, or falls silent.

const COMMAND_ID = '0b5a4f8e-3f55-4a8e-9d1e-2f6f7b1c9a01';
let server: http.Server;
let sockets: WebSocketServer;
let port: number;
/** The status the next upgrades are refused with; null: accepted. */
let refuseWith: number | null = null;
/** Whether the server answers heartbeats. */
let answering = true;
const connections: { socket: WebSocket; messages: unknown[]; authorization: string | undefined }[] = [];

beforeAll(async () => {
  server = http.createServer();
  sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    if (refuseWith !== null) {
      socket.end(`HTTP/1.1 ${refuseWith} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const connection = { socket: ws, messages: [] as unknown[], authorization: request.headers.authorization };
      connections.push(connection);
      ws.send(JSON.stringify({ type: 'welcome', heartbeatSeconds: 1 }));
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; seq?: number };
        connection.messages.push(message);
        if (message.type === 'heartbeat' && answering) ws.send(JSON.stringify({ type: 'heartbeat-ack', seq: message.seq }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  sockets.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const links: PresenceLink[] = [];
afterEach(() => {
  for (const link of links.splice(0)) link.close();
  for (const connection of connections.splice(0)) connection.socket.terminate();
  refuseWith = null;
  answering = true;
});

function startLink(options: { heartbeatSeconds?: number } = {}) {
  const seen = { states: [] as PresenceLinkState[], commands: [] as HubCommand[], unauthorized: 0, ended: 0 };
  const link = new PresenceLink(
    () => new WebSocket(`ws://127.0.0.1:${port}/api/v1/presence`, { headers: { authorization: 'Bearer the-token' } }),
    createLogger({}),
    {
      link: (state) => seen.states.push(state),
      command: (command) => seen.commands.push(command),
      unauthorized: () => seen.unauthorized++,
      ended: () => seen.ended++,
    },
    { heartbeatSeconds: options.heartbeatSeconds ?? 1, backoff: { baseMs: 20, capMs: 100 }, silentHeartbeats: 3 },
  );
  links.push(link);
  return { link, seen };
}

describe('PresenceLink', () => {
  test('sends the bearer token, the state on connect and on every change, and heartbeats', async () => {
    const { link, seen } = startLink();
    link.report({ state: 'available', awayReason: null });
    link.start();
    await expect.poll(() => link.linkState()).toBe('online');
    const connection = connections[0];
    expect(connection?.authorization).toBe('Bearer the-token');
    expect(connection?.messages[0]).toEqual({ type: 'state', state: 'available', awayReason: null });

    link.report({ state: 'away', awayReason: 'break' });
    link.report({ state: 'away', awayReason: 'break' });
    await expect.poll(() => connection?.messages.filter((message) => (message as { type: string }).type === 'state')).toHaveLength(2);
    expect(connection?.messages).toContainEqual({ type: 'state', state: 'away', awayReason: 'break' });
    await expect.poll(() => connection?.messages.filter((message) => (message as { type: string }).type === 'heartbeat').length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    expect(connection?.messages).toContainEqual({ type: 'heartbeat', seq: 0 });
    expect(seen.states).toEqual(['online']);
  });

  test('passes commands on and acknowledges them', async () => {
    const { link, seen } = startLink();
    link.start();
    await expect.poll(() => link.linkState()).toBe('online');
    const connection = connections[0];
    connection?.socket.send(JSON.stringify({ type: 'logout', commandId: COMMAND_ID, mode: 'after-work', reason: 'forgot-logout', note: null }));
    connection?.socket.send(JSON.stringify({ type: 'logout', commandId: 'not-a-uuid', mode: 'now', reason: 'forgot-logout', note: null }));
    connection?.socket.send(JSON.stringify({ type: 'shift', endsAt: '2030-01-01T12:00:00.000Z' }));
    await expect.poll(() => seen.commands).toHaveLength(2);
    expect(seen.commands[0]).toMatchObject({ type: 'logout', commandId: COMMAND_ID, mode: 'after-work' });
    link.acknowledge(COMMAND_ID);
    await expect.poll(() => connection?.messages).toContainEqual({ type: 'command-ack', commandId: COMMAND_ID });
  });

  test('reconnects after the hub closes the socket, and reports the state again', async () => {
    const { link, seen } = startLink();
    link.report({ state: 'in-call', awayReason: null });
    link.start();
    await expect.poll(() => link.linkState()).toBe('online');
    connections[0]?.socket.close(1001);
    await expect.poll(() => connections.length).toBe(2);
    await expect.poll(() => connections[1]?.messages[0]).toEqual({ type: 'state', state: 'in-call', awayReason: null });
    await expect.poll(() => seen.states).toEqual(['online', 'offline', 'online']);
  });

  test('the end of the shift login (4001) closes it for good', async () => {
    const { link, seen } = startLink();
    link.start();
    await expect.poll(() => link.linkState()).toBe('online');
    connections[0]?.socket.close(presenceCloseCodes.shiftEnded);
    await expect.poll(() => seen.ended).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connections).toHaveLength(1);
    expect(link.linkState()).toBe('offline');
  });

  test('a 401 to the upgrade is reported and tried again; a 403 ends the link', async () => {
    refuseWith = 401;
    const first = startLink();
    first.link.start();
    await expect.poll(() => first.seen.unauthorized).toBeGreaterThanOrEqual(2);
    refuseWith = null;
    await expect.poll(() => first.link.linkState()).toBe('online');
    expect(first.seen.ended).toBe(0);

    refuseWith = 403;
    const second = startLink();
    second.link.start();
    await expect.poll(() => second.seen.ended).toBe(1);
    refuseWith = null;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connections).toHaveLength(1);
  });

  test('a hub that falls silent is left for a new socket', async () => {
    const { link } = startLink();
    link.start();
    await expect.poll(() => link.linkState()).toBe('online');
    answering = false;
    // Three heartbeats (of a second) without a word from the hub: the link opens another socket.
    await expect.poll(() => connections.length, { timeout: 8_000 }).toBe(2);
    answering = true;
    await expect.poll(() => link.linkState()).toBe('online');
  });

  test('after close nothing more is sent or reconnected', async () => {
    const { link } = startLink();
    link.start();
    await expect.poll(() => link.linkState()).toBe('online');
    const connection = connections[0];
    const closed = new Promise<number>((resolve) => connection?.socket.once('close', resolve));
    link.close();
    expect(await closed).toBe(1000);
    link.report({ state: 'idle', awayReason: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connections).toHaveLength(1);
  });
});
