import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { BridgeServerFrame } from '../../shared/contract/tavsApi';
import { createLogger } from '../services/logger';
import { createWorkstation } from '../services/workstation';
import { BRIDGE_PATH, checkUpgrade, isLoopbackAddress, startBridge, type RunningBridge } from './bridgeServer';
import { demoAuthenticator } from './demoAuthenticator';
import { StoreError } from '../store/storeErrors';

// These tests are about the transport; the record store (and its keychain) is not part of them.
const noStore = (): Promise<never> => Promise.reject(new StoreError('keychain-unavailable', 'not used by these tests'));

let bridge: RunningBridge;
let dir: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-bridge-'));
  const renderer = path.join(dir, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<html><head></head><body></body></html>');
  fs.writeFileSync(path.join(dir, 'client.js'), '/* client */');
  fs.writeFileSync(path.join(dir, 'outside.txt'), 'not served');
  const log = createLogger({ file: path.join(dir, 'tavs.log') });
  const { host } = createWorkstation({ dataDir: dir, version: '9.9.9', transport: 'bridge', packaged: false, authenticator: demoAuthenticator(), softphone: null, openRecordStore: noStore, log });
  bridge = await startBridge({ host, rendererRoot: renderer, bridgeClientFile: path.join(dir, 'client.js'), log });
});

afterEach(async () => {
  await bridge.close();
});

function wsUrl(token: string): string {
  return `${bridge.origin.replace('http', 'ws')}${BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
}

/** Resolves with the HTTP status the upgrade was refused with, or 101 if it was accepted. */
function upgradeStatus(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => resolve(-1));
  });
}

function request(socket: WebSocket, frame: object): Promise<BridgeServerFrame> {
  return new Promise((resolve) => {
    socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as BridgeServerFrame));
    socket.send(JSON.stringify(frame));
  });
}

async function connect(): Promise<WebSocket> {
  const socket = new WebSocket(wsUrl(bridge.token), { origin: bridge.origin });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

describe('the development bridge', () => {
  test('listens on 127.0.0.1 only', () => {
    expect(new URL(bridge.origin).hostname).toBe('127.0.0.1');
  });

  test('gives each run its own long random token', async () => {
    const other = await startBridge({
      host: createWorkstation({ dataDir: dir, version: '1', transport: 'bridge', packaged: false, authenticator: demoAuthenticator(), softphone: null, openRecordStore: noStore, log: createLogger({}) }).host,
      rendererRoot: dir,
      bridgeClientFile: path.join(dir, 'client.js'),
      log: createLogger({}),
    });
    expect(other.token).not.toBe(bridge.token);
    expect(bridge.token.length).toBeGreaterThanOrEqual(43);
    await other.close();
  });

  test('accepts the right token from its own origin', async () => {
    expect(await upgradeStatus(wsUrl(bridge.token), bridge.origin)).toBe(101);
  });

  test.each([
    ['a wrong token', 'wrong', 401],
    ['an empty token', '', 401],
    ['a token one character short', 'SHORT', 401],
  ])('refuses %s', async (_name, token, status) => {
    const given = token === 'SHORT' ? bridge.token.slice(0, -1) : token;
    expect(await upgradeStatus(wsUrl(given), bridge.origin)).toBe(status);
  });

  test.each([
    ['a foreign web page', 'https://evil.example'],
    ['another loopback origin', 'http://127.0.0.1:1'],
    ['localhost instead of 127.0.0.1', () => bridge.origin.replace('127.0.0.1', 'localhost')],
    ['the null origin of a sandboxed frame', 'null'],
  ])('refuses the right token from %s', async (_name, origin) => {
    const given = typeof origin === 'function' ? origin() : origin;
    expect(await upgradeStatus(wsUrl(bridge.token), given)).toBe(403);
  });

  test('refuses a client that sends no origin', async () => {
    expect(await upgradeStatus(wsUrl(bridge.token), undefined)).toBe(403);
  });

  test('carries requests and pushes events', async () => {
    const socket = await connect();
    expect(await request(socket, { kind: 'request', id: 1, channel: 'app:info', payload: {} })).toEqual({
      kind: 'response',
      id: 1,
      result: { ok: true, value: { version: '9.9.9', transport: 'bridge', packaged: false } },
    });
    const frames: BridgeServerFrame[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as BridgeServerFrame));
    socket.send(JSON.stringify({ kind: 'request', id: 2, channel: 'session:login', payload: { username: 'raadgiver', password: 'tavs-demo' } }));
    // The answer, and the events the login pushed before it (the session; the shift view too).
    await expect.poll(() => frames.some((frame) => frame.kind === 'response')).toBe(true);
    expect(frames.find((frame) => frame.kind === 'response')).toMatchObject({ id: 2, result: { ok: true } });
    expect(frames).toContainEqual({
      kind: 'event',
      event: 'session:changed',
      payload: { status: 'active', role: 'counsellor', displayName: 'Demo-rådgiver' },
    });
    socket.close();
  });

  test('answers an invalid payload with a refusal and keeps serving', async () => {
    const socket = await connect();
    const refused = await request(socket, { kind: 'request', id: 7, channel: 'settings:setLocale', payload: { locale: '<script>' } });
    expect(refused).toMatchObject({ kind: 'response', id: 7, result: { ok: false, error: { code: 'invalid-request' } } });
    const unknown = await request(socket, { kind: 'request', id: 8, channel: 'shell:exec', payload: {} });
    expect(unknown).toMatchObject({ result: { ok: false, error: { code: 'unknown-channel' } } });
    expect(await request(socket, { kind: 'request', id: 9, channel: 'settings:get', payload: {} })).toMatchObject({ id: 9, result: { ok: true } });
    socket.close();
  });

  test.each([
    ['text that is not JSON', 'not json'],
    ['a frame without an id', JSON.stringify({ kind: 'request', channel: 'app:info', payload: {} })],
    ['an oversized frame', 'x'.repeat(1024 * 1024 + 1)],
  ])('closes the connection on %s', async (_name, text) => {
    const socket = await connect();
    const code = await new Promise<number>((resolve) => {
      socket.once('close', (closeCode: number) => resolve(closeCode));
      socket.send(text);
    });
    expect([1007, 1009]).toContain(code);
  });

  test('serves the bundle with the CSP and injects the bridge client, nothing outside it', async () => {
    const index = await fetch(`${bridge.origin}/`);
    expect(index.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:`);
    expect(await index.text()).toContain('<script src="/__tavs/bridge-client.js"></script>');
    expect((await fetch(`${bridge.origin}/__tavs/bridge-client.js`)).status).toBe(200);
    expect((await fetch(`${bridge.origin}/..%2foutside.txt`)).status).toBe(404);
    expect((await fetch(`${bridge.origin}/`, { method: 'POST' })).status).toBe(405);
  });

  test('its refusals are logged with a reason but no request data', async () => {
    await upgradeStatus(wsUrl('canary-token-4711'), bridge.origin);
    const log = fs.readFileSync(path.join(dir, 'tavs.log'), 'utf8');
    expect(log).toContain('"reason":"wrong token"');
    expect(log).not.toContain('canary-token-4711');
  });
});

describe('isLoopbackAddress', () => {
  test.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])('%s is loopback', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });
  test.each(['10.0.0.1', '192.168.1.2', '::ffff:10.0.0.1', '', 'fe80::1', '128.0.0.1'])('%s is not', (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});

describe('checkUpgrade', () => {
  const expected = { origin: 'http://127.0.0.1:4000', token: 'T'.repeat(43) };
  const upgrade = (remoteAddress: string, url = `${BRIDGE_PATH}?token=${expected.token}`, origin = expected.origin) => ({
    url,
    headers: { origin },
    socket: { remoteAddress } as never,
  });

  test('accepts loopback with token and origin', () => {
    expect(checkUpgrade(upgrade('127.0.0.1'), expected)).toBeNull();
  });

  test('refuses a peer that is not on loopback even with the right token', () => {
    expect(checkUpgrade(upgrade('192.0.2.10'), expected)).toEqual({ status: 403, reason: 'not loopback' });
  });

  test('refuses other paths', () => {
    expect(checkUpgrade(upgrade('127.0.0.1', `/other?token=${expected.token}`), expected)).toMatchObject({ status: 404 });
  });
});
