import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { KamailioSipServer } from './kamailioSipServer';
import { SipServerError } from './sipServer';

// The hub's side of a Kamailio that is down or hung: every SipServer call fails within its timeout
// with a SipServerError that names the command and never the credentials. (Answers from a real
// Kamailio: integration/sipServer/kamailioSipServer.test.ts.)

const HA1 = 'a'.repeat(32);
const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A TCP server that accepts and then never says anything: a hung Kamailio. */
async function silentServer(): Promise<number> {
  const server = createServer((socket) => sockets.push(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on (bound, then closed again). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

describe('a SIP server that does not answer', () => {
  test('a hung server: the call fails after the timeout, naming the command', async () => {
    const sip = new KamailioSipServer({ rpcUrl: `http://127.0.0.1:${await silentServer()}/RPC`, realm: 'tavs.test', timeoutMs: 300 });
    const err = await failure(sip.allow('s0123456789abcdef', HA1));
    expect(err).toBeInstanceOf(SipServerError);
    expect(err.message).toBe('Kamailio JSON-RPC htable.sets: no answer timed out after 300 ms');
    expect(err.message).not.toContain(HA1);
  });

  test('nothing listening: unreachable, for every operation', async () => {
    const sip = new KamailioSipServer({ rpcUrl: `http://127.0.0.1:${await closedPort()}/RPC`, realm: 'tavs.test' });
    for (const attempt of [sip.allow('s0123456789abcdef', HA1), sip.revoke('u1'), sip.unregister('u1'), sip.isRegistered('u1'), sip.callFigures('2025-06-01')]) {
      const err = await failure(attempt);
      expect(err).toBeInstanceOf(SipServerError);
      expect(err.message).toMatch(/^Kamailio JSON-RPC [\w.]+: no answer unreachable \(.*ECONNREFUSED.*\)$/);
      expect(err.message).not.toContain(HA1);
    }
  });

  test('arguments a Kamailio key cannot hold are refused before anything is sent', async () => {
    const sip = new KamailioSipServer({ rpcUrl: `http://127.0.0.1:${await closedPort()}/RPC`, realm: 'tavs.test' });
    expect(await failure(sip.allow('s 1', HA1))).toBeInstanceOf(SipServerError);
    const badHa1 = await failure(sip.allow('s1', 'not-a-hash'));
    expect(badHa1.message).toMatch(/HA1/);
    expect(badHa1.message).not.toContain('not-a-hash');
    expect((await failure(sip.callFigures('1 June'))).message).toMatch(/YYYY-MM-DD/);
  });
});
