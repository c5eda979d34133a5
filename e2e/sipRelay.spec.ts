import { expect, test } from '@playwright/test';
import { BridgeClient } from './stack/bridgeClient';
import { startSoftphoneStack, type SoftphoneStack } from './stack/softphoneStack';

// The relay behind the identity firewall against the real Kamailio, with this spec acting as
// the renderer over the bridge: registration with digest auth answered in the main process,
// and the shift gate.

let stack: SoftphoneStack;
let client: BridgeClient;

test.beforeAll(async () => {
  stack = await startSoftphoneStack('leaky');
});

test.afterAll(async () => {
  await stack?.stop();
});

test.beforeEach(async () => {
  client = await BridgeClient.connect(stack.workstation);
});

test.afterEach(async () => {
  await client.invoke('session:logout', {});
  client.close();
});

function register(cseq: number, expires = 600): string {
  return [
    'REGISTER sip:tavs.invalid SIP/2.0',
    'Via: SIP/2.0/WSS rndr1234.invalid;branch=z9hG4bKrenderer' + String(cseq),
    'Max-Forwards: 70',
    'To: <sip:counsellor@tavs.invalid>',
    'From: <sip:counsellor@tavs.invalid>;tag=rendertag1',
    'Call-ID: renderer-registration-1',
    `CSeq: ${cseq} REGISTER`,
    `Contact: <sip:rndrcontact@rndr1234.invalid;transport=ws>;expires=${expires}`,
    'Supported: path, outbound',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

test('no SIP connection outside a counsellor shift', async () => {
  expect(await client.invoke('sip:connect', {})).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
  await client.invoke('session:login', { username: 'supervisor', password: 'tavs-demo' });
  expect(await client.invoke('sip:connect', {})).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
});

test('registers through the firewall; the main process answers the digest challenge', async () => {
  await client.invoke('session:login', { username: 'raadgiver', password: 'tavs-demo' });
  expect(await client.invoke('sip:connect', {})).toEqual({ ok: true, value: { state: 'connected' } });
  await client.waitFor('connection:changed', (state) => state.sip === 'online');
  expect(await client.invoke('softphone:config', {})).toMatchObject({ ok: true, value: { aor: 'sip:counsellor@tavs.invalid' } });

  expect(await client.invoke('sip:send', { message: register(1) })).toEqual({ ok: true, value: {} });
  const reply = await client.waitFor('sip:message', ({ message }) => message.startsWith('SIP/2.0 200'));
  // The renderer's own transaction, numbering and address, and nothing of the server's.
  expect(reply.message).toContain('branch=z9hG4bKrenderer1');
  expect(reply.message).toContain('CSeq: 1 REGISTER');
  expect(reply.message).toContain('<sip:rndrcontact@rndr1234.invalid;transport=ws>;expires=');
  expect(reply.message).toContain('To: <sip:counsellor@tavs.invalid>');
  expect(reply.message).not.toMatch(/WWW-Authenticate|received=|rport=|127\.0\.0\.1|tavs\.test|counsellor1/);
  expect(client.events.some(({ event, payload }) => event === 'sip:message' && (payload as { message: string }).message.startsWith('SIP/2.0 401'))).toBe(false);
  expect(await stack.sip.registeredAors()).toContain(stack.counsellor);

  // A refresh with the renderer's next CSeq still works (the main process keeps the offset).
  const before = client.events.length;
  await client.invoke('sip:send', { message: register(2) });
  const refresh = await client.waitFor('sip:message', ({ message }) => message.startsWith('SIP/2.0 200'), 10_000, before);
  expect(refresh.message).toContain('CSeq: 2 REGISTER');
});

test('logging out closes the SIP connection', async () => {
  await client.invoke('session:login', { username: 'raadgiver', password: 'tavs-demo' });
  await client.invoke('sip:connect', {});
  await client.invoke('session:logout', {});
  await client.waitFor('sip:transport', (transport) => transport.state === 'disconnected' && transport.reason === 'logged-out');
  expect(await client.invoke('sip:send', { message: register(3) })).toMatchObject({ ok: false, error: { code: 'sip-unreachable' } });
});

test('a message the firewall cannot vouch for is refused with a reason and nothing is sent', async () => {
  await client.invoke('session:login', { username: 'raadgiver', password: 'tavs-demo' });
  await client.invoke('sip:connect', {});
  const result = await client.invoke('sip:send', { message: 'INVITE sip:+4512345678@example.invalid SIP/2.0\r\nVia: x\r\n\r\n' });
  expect(result).toMatchObject({ ok: false, error: { code: 'sip-refused' } });
  if (!result.ok) expect(result.error.message).not.toContain('4512345678');
});
