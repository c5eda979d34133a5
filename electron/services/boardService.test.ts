import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionState } from '../../shared/contract/schemas';
import { HubClient } from '../hub/hubClient';
import { HubConnection } from '../hub/hubConnection';
import { boardHubOf } from '../hub/shiftClient';
import { BoardService } from './boardService';
import { createLogger } from './logger';

// The board's commands over the real HubClient and HubConnection, against a loopback server that
// answers like the hub and keeps what it was sent (the whole path runs in integration/shifts):
// what leaves the workstation, and who may send it.

const COUNSELLOR = randomUUID();
const bodies: unknown[] = [];
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/api/v1/sessions') {
        response.end(JSON.stringify({ token: 'token-in-main', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user: { id: randomUUID(), username: 'sofie', displayName: 'Sofie', role: 'supervisor' } }));
        return;
      }
      bodies.push(JSON.parse(Buffer.concat(chunks).toString() || 'null'));
      response.statusCode = request.url?.includes(COUNSELLOR) ? 202 : 404;
      response.end(JSON.stringify(response.statusCode === 202 ? { commandId: randomUUID() } : { error: 'not-found', message: 'no live shift login' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function service(session: SessionState): Promise<BoardService> {
  const connection = new HubConnection(new HubClient({ baseUrl }), createLogger({}), { link: () => undefined, sessionLost: () => undefined });
  await connection.login({ username: 'sofie', password: 'pw' });
  return new BoardService(boardHubOf(connection), () => session, () => undefined, createLogger({}));
}

describe('BoardService', () => {
  test("the supervisor's note is scrubbed before it leaves the workstation", async () => {
    const board = await service({ status: 'active', role: 'supervisor', displayName: 'Sofie' });
    bodies.length = 0;
    expect(await board.logout({ userId: COUNSELLOR, reason: 'other', note: '  ring hende på 12 34 56 78 eller ana@example.dk ', mode: 'now' })).toEqual({ ok: true, value: {} });
    const sent = JSON.stringify(bodies);
    expect(sent).not.toMatch(/12 34 56 78|ana@example\.dk/);
    expect(bodies[0]).toMatchObject({ reason: 'other', mode: 'now' });
    expect((bodies[0] as { note: string }).note).toMatch(/^ring hende på /);
    expect(await board.logout({ userId: COUNSELLOR, reason: 'other', note: '   ', mode: 'now' })).toMatchObject({ ok: true });
    expect(bodies[1]).toMatchObject({ note: null });
  });

  test('only supervisors and administrators; a counsellor not on shift is named as such', async () => {
    const counsellor = await service({ status: 'active', role: 'counsellor', displayName: 'Ana' });
    bodies.length = 0;
    expect(await counsellor.setState({ userId: COUNSELLOR, state: 'available', awayReason: null })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await counsellor.snapshot()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(bodies).toEqual([]);
    const administrator = await service({ status: 'active', role: 'administrator', displayName: 'Admin' });
    expect(await administrator.setState({ userId: randomUUID(), state: 'away', awayReason: 'break' })).toMatchObject({ ok: false, error: { code: 'not-on-shift' } });
  });
});
