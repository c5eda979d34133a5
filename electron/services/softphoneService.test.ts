import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventChannel } from '../../shared/contract/channels';
import type { SessionState } from '../../shared/contract/schemas';
import { LOCAL_AOR } from '../sip/dialogTokens';
import { softphoneSettingsSchema, type SoftphoneSettings } from '../sip/softphoneSettings';
import { AOR, MEDIA_SERVER, header, rendererRegister, serverInvite, serverResponse } from '../sip/testing/sipFixtures';
import { createLogger } from './logger';
import { SoftphoneService, type SoftphoneShiftGate } from './softphoneService';

// The softphone's SIP user per shift, over a real loopback WebSocket standing in for the SIP
// server: the relay registers as the shift's user, answers its challenge with the shift's
// password, and the renderer sees LOCAL_AOR whoever the shift is.

let server: WebSocketServer;
const peers: WebSocket[] = [];
const received: string[] = [];
let wsUrl: string;

beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  server.on('connection', (socket) => {
    peers.push(socket);
    socket.on('message', (data: Buffer) => received.push(data.toString()));
  });
  await new Promise((resolve) => server.once('listening', resolve));
  wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server.close());

const services: SoftphoneService[] = [];
afterEach(() => {
  for (const service of services.splice(0)) service.dispose();
  received.length = 0;
  peers.length = 0;
});

const counsellor: SessionState = { status: 'active', role: 'counsellor', displayName: 'Ana' };

function settings(withUser: boolean): SoftphoneSettings {
  return softphoneSettingsSchema.parse({
    wsUrl,
    aor: { domain: AOR.domain, ...(withUser ? { user: AOR.user } : {}) },
    ...(withUser ? { authUsername: AOR.user, password: 'static-secret' } : {}),
    mediaServers: [MEDIA_SERVER],
  });
}

function phone(options: { settings: SoftphoneSettings; gate: SoftphoneShiftGate; session?: () => SessionState }) {
  const events: { event: EventChannel; payload: unknown }[] = [];
  const service = new SoftphoneService(
    options.settings,
    null,
    createLogger({}),
    (event, payload) => events.push({ event, payload }),
    options.session ?? (() => counsellor),
    () => undefined,
    () => true,
    () => false,
    options.gate,
  );
  services.push(service);
  return { service, events };
}

const managed: SoftphoneShiftGate = { managed: true, admitsNewCalls: () => true };

/** What the server got last that starts with `start`. */
async function lastReceived(start: string): Promise<string> {
  await expect.poll(() => received.some((text) => text.startsWith(start))).toBe(true);
  return received.filter((text) => text.startsWith(start)).at(-1) ?? '';
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** The server challenges the REGISTER it got; returns the relay's answer to it. */
async function challengeRegister(): Promise<string> {
  const register = await lastReceived('REGISTER ');
  const count = received.length;
  peers.at(-1)?.send(serverResponse(register, 401, { extra: ['WWW-Authenticate: Digest realm="sip.provider.example", nonce="n0nce"'] }));
  await expect.poll(() => received.length).toBeGreaterThan(count);
  return received.at(-1) ?? '';
}

describe('SoftphoneService with shifts managed by a hub', () => {
  test('no SIP before a shift starts, even for a logged-in counsellor', async () => {
    const { service } = phone({ settings: settings(false), gate: managed });
    expect(await service.connect()).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    expect(peers).toHaveLength(0);
  });

  test("registers as the shift's own SIP user and answers the challenge with the shift's password", async () => {
    const { service } = phone({ settings: settings(false), gate: managed });
    service.startShift({ username: 's0123456789abcdef', password: 'shift-secret' });
    expect(service.config()).toMatchObject({ ok: true, value: { aor: LOCAL_AOR } });
    expect(await service.connect()).toEqual({ ok: true, value: { state: 'connected' } });
    expect(service.send(rendererRegister())).toMatchObject({ ok: true });

    const register = await lastReceived('REGISTER ');
    expect(header(register, 'To')).toContain(`sip:s0123456789abcdef@${AOR.domain}`);
    const answer = await challengeRegister();
    const authorization = header(answer, 'Authorization');
    expect(authorization).toContain('username="s0123456789abcdef"');
    const uri = /uri="([^"]+)"/.exec(authorization)?.[1] ?? '';
    const expected = md5(`${md5(`s0123456789abcdef:sip.provider.example:shift-secret`)}:n0nce:${md5(`REGISTER:${uri}`)}`);
    expect(authorization).toContain(`response="${expected}"`);
  });

  test('the shift end disconnects, and the next shift registers as its own new user', async () => {
    const { service, events } = phone({ settings: settings(false), gate: managed });
    service.startShift({ username: 'sfirst00000000000', password: 'one' });
    await service.connect();
    await expect.poll(() => peers.length).toBe(1);
    const first = peers[0];
    const closed = new Promise((resolve) => first?.once('close', resolve));

    service.endShift();
    await closed;
    expect(events).toContainEqual({ event: 'sip:transport', payload: { state: 'disconnected', reason: 'logged-out' } });
    expect(await service.connect()).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });

    service.startShift({ username: 'ssecond0000000000', password: 'two' });
    await service.connect();
    service.send(rendererRegister());
    expect(header(await lastReceived('REGISTER '), 'To')).toContain('sip:ssecond0000000000@');
    expect(received.join('\n')).not.toContain('sfirst');
  });

  test("a hub without a SIP server: the settings file's user, when it names one", async () => {
    const withUser = phone({ settings: settings(true), gate: managed });
    withUser.service.startShift(null);
    expect(await withUser.service.connect()).toMatchObject({ ok: true });
    withUser.service.send(rendererRegister());
    expect(header(await lastReceived('REGISTER '), 'To')).toContain(`sip:${AOR.user}@`);

    const without = phone({ settings: settings(false), gate: managed });
    without.service.startShift(null);
    expect(await without.service.connect()).toMatchObject({ ok: false, error: { code: 'sip-not-configured' } });
  });

  test('while a logout is pending a new call is declined before it rings; a call in progress goes on', async () => {
    let admits = true;
    const { service, events } = phone({ settings: settings(false), gate: { managed: true, admitsNewCalls: () => admits } });
    service.startShift({ username: 's00000000000000aa', password: 'pw' });
    await service.connect();
    service.send(rendererRegister());
    await lastReceived('REGISTER ');
    const peer = peers.at(-1);

    const before = serverInvite({ to: `<sip:s00000000000000aa@${AOR.domain}>` });
    peer?.send(before);
    await expect.poll(() => events.filter((entry) => entry.event === 'sip:message').length).toBe(1);

    admits = false;
    peer?.send(serverInvite({ to: `<sip:s00000000000000aa@${AOR.domain}>` }));
    const declined = await lastReceived('SIP/2.0 480');
    expect(header(declined, 'To')).toContain('tag=');
    // The re-INVITE of the call already in progress is not a new call.
    peer?.send(serverInvite({ to: `<sip:s00000000000000aa@${AOR.domain}>;tag=abc`, callId: header(before, 'Call-ID') }));
    await expect.poll(() => events.filter((entry) => entry.event === 'sip:message').length).toBe(2);
    expect(events.filter((entry) => entry.event === 'call:info')).toHaveLength(1);
  });
});

describe('SoftphoneService without a hub', () => {
  test("a logged-in counsellor connects as the settings file's user; nobody else does", async () => {
    let session: SessionState = { status: 'active', role: 'supervisor', displayName: 'Sofie' };
    const { service } = phone({ settings: settings(true), gate: { managed: false, admitsNewCalls: () => true }, session: () => session });
    expect(await service.connect()).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    session = counsellor;
    expect(await service.connect()).toMatchObject({ ok: true });
  });
});

describe('softphone settings', () => {
  test('the SIP user may be left out, but only as a whole', () => {
    expect(softphoneSettingsSchema.safeParse({ wsUrl: 'wss://sip.example', aor: { domain: 'sip.example' }, mediaServers: ['192.0.2.1'] }).success).toBe(true);
    expect(
      softphoneSettingsSchema.safeParse({ wsUrl: 'wss://sip.example', aor: { user: 'u', domain: 'sip.example' }, authUsername: 'u', password: 'p', mediaServers: ['192.0.2.1'] }).success,
    ).toBe(true);
    expect(softphoneSettingsSchema.safeParse({ wsUrl: 'wss://sip.example', aor: { user: 'u', domain: 'sip.example' }, mediaServers: ['192.0.2.1'] }).success).toBe(false);
    expect(softphoneSettingsSchema.safeParse({ wsUrl: 'wss://sip.example', aor: { domain: 'sip.example' }, password: 'p', mediaServers: ['192.0.2.1'] }).success).toBe(false);
  });
});
