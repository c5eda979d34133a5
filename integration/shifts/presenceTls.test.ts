import { afterAll, beforeAll, expect, test } from 'vitest';
import { HubClient } from '../../electron/hub/hubClient';
import { loadHubConfig } from '../../electron/hub/hubConfig';
import { HubConnection } from '../../electron/hub/hubConnection';
import { PresenceLink, type PresenceLinkState } from '../../electron/hub/presenceLink';
import { shiftHubOf } from '../../electron/hub/shiftClient';
import { createLogger } from '../../electron/services/logger';
import { startTlsHub, type HubUnderTest } from '../testing/hubUnderTest';
import { presenceRow, startShiftHub } from './shiftTestKit';

// The presence socket to a hub behind TLS with a service's private CA (hub.json caCertificate):
// the socket trusts that CA as the hub's other requests do, and nothing else.

let hub: HubUnderTest;
let tlsHub: Awaited<ReturnType<typeof startTlsHub>>;

beforeAll(async () => {
  hub = await startShiftHub();
  // A second process of the same hub (same database), speaking TLS.
  tlsHub = await startTlsHub(hub);
}, 60_000);

afterAll(async () => {
  await tlsHub?.close();
  await hub?.close();
});

test('the presence socket is wss:// trusting the configured CA', async () => {
  const log = createLogger({});
  const connection = new HubConnection(new HubClient(loadHubConfig(tlsHub.hubJson)), log, { link: () => undefined, sessionLost: () => undefined });
  const user = await hub.user('counsellor');
  expect(await connection.login({ username: user.username, password: user.password })).toMatchObject({ ok: true });
  const shifts = shiftHubOf(connection);
  expect(await shifts.start()).toMatchObject({ ok: true, value: { sip: null } });

  const states: PresenceLinkState[] = [];
  const link = shifts.presenceLink(
    log,
    { link: (state) => states.push(state), command: () => undefined, unauthorized: () => undefined, ended: () => undefined },
    { heartbeatSeconds: 1, backoff: { baseMs: 50, capMs: 200 }, silentHeartbeats: 3 },
  );
  link.report({ state: 'away', awayReason: 'admin' });
  link.start();
  await expect.poll(() => states.at(-1)).toBe('online');
  await expect.poll(async () => (await presenceRow(hub, user.id))?.state).toBe('away');
  link.close();
  expect(await shifts.end()).toMatchObject({ ok: true });
  connection.stop();
  connection.client.dispose();
}, 30_000);

test('without the CA the socket is refused, and the link keeps trying', async () => {
  const log = createLogger({});
  const trusting = new HubConnection(new HubClient(loadHubConfig(tlsHub.hubJson)), log, { link: () => undefined, sessionLost: () => undefined });
  const user = await hub.user('counsellor');
  expect(await trusting.login({ username: user.username, password: user.password })).toMatchObject({ ok: true });
  expect(await shiftHubOf(trusting).start()).toMatchObject({ ok: true });

  // The same session's token, over a client that knows only the system's CAs.
  const untrusting = new HubClient({ baseUrl: tlsHub.url });
  let token = '';
  await trusting.authorized((_client, current) => {
    token = current;
    return Promise.resolve({ ok: true, value: null });
  });
  const states: PresenceLinkState[] = [];
  let opened = 0;
  const link = new PresenceLink(
    () => {
      opened++;
      return untrusting.openSocket('/api/v1/presence', token);
    },
    log,
    { link: (state) => states.push(state), command: () => undefined, unauthorized: () => undefined, ended: () => undefined },
    { heartbeatSeconds: 1, backoff: { baseMs: 50, capMs: 100 }, silentHeartbeats: 3 },
  );
  link.start();
  await expect.poll(() => opened).toBeGreaterThanOrEqual(3);
  expect(states).not.toContain('online');
  link.close();
  await shiftHubOf(trusting).end();
  trusting.stop();
  trusting.client.dispose();
  untrusting.dispose();
}, 30_000);
