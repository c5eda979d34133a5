import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HubClient } from '../../electron/hub/hubClient';
import { loadHubConfig } from '../../electron/hub/hubConfig';
import { startFaultProxy, type FaultProxy } from '../testing/faultProxy';
import { startHub, startTlsHub, type HubUnderTest } from '../testing/hubUnderTest';

// The hub client against the real hub, directly and through the fault proxy: every answer is
// validated, and the kinds of failure a caller must treat differently come out different.

let hub: HubUnderTest;
let proxy: FaultProxy;
let client: HubClient;

beforeAll(async () => {
  hub = await startHub();
  proxy = await startFaultProxy(hub.url);
  client = new HubClient({ baseUrl: proxy.url }, { healthMs: 300 });
}, 60_000);

afterAll(async () => {
  client?.dispose();
  await proxy?.close();
  await hub?.close();
});

describe('the hub client', () => {
  test('a valid answer is returned, validated', async () => {
    proxy.set({ kind: 'forward' });
    expect(await client.health()).toEqual({ ok: true, value: { status: 'ok' } });
    const user = await hub.user('counsellor');
    const login = await client.login({ username: user.username, password: user.password });
    expect(login).toMatchObject({ ok: true, value: { user: { id: user.id, role: 'counsellor' } } });
    if (!login.ok) return;
    expect(await client.currentSession(login.value.token)).toMatchObject({ ok: true, value: { id: user.id } });
    expect(await client.logout(login.value.token)).toEqual({ ok: true, value: null });
    expect(await client.currentSession(login.value.token)).toMatchObject({ ok: false, failure: { kind: 'refused', status: 401, error: 'unauthenticated' } });
  }, 30_000);

  test("a refusal carries the hub's error code and Retry-After", async () => {
    proxy.set({ kind: 'forward' });
    const user = await hub.user('counsellor');
    expect(await client.login({ username: user.username, password: 'wrong-password' })).toEqual({
      ok: false,
      failure: { kind: 'refused', status: 401, error: 'invalid-credentials', retryAfterMs: null },
    });
    proxy.set({ kind: 'answer', status: 429, body: { error: 'rate-limited', message: 'slow down' }, headers: { 'retry-after': '7' } });
    expect(await client.health()).toEqual({ ok: false, failure: { kind: 'refused', status: 429, error: 'rate-limited', retryAfterMs: 7_000 } });
    // A 4xx that is not the hub's own format (a proxy's page): its status decides the code.
    proxy.set({ kind: 'answer', status: 404, body: '<html>not here</html>' });
    expect(await client.health()).toMatchObject({ ok: false, failure: { kind: 'refused', status: 404, error: 'not-found' } });
  });

  test('no usable answer: server error, malformed body, redirect, timeout and network failure are told apart', async () => {
    proxy.set({ kind: 'fail-500' });
    expect(await client.health()).toEqual({ ok: false, failure: { kind: 'server', status: 500 } });
    proxy.set({ kind: 'answer', status: 200, body: { status: 'maybe' } });
    expect(await client.health()).toEqual({ ok: false, failure: { kind: 'malformed', status: 200 } });
    // Never followed: a redirect could carry the token to another host.
    proxy.set({ kind: 'answer', status: 302, body: {}, headers: { location: 'http://127.0.0.1:9/elsewhere' } });
    expect(await client.health()).toEqual({ ok: false, failure: { kind: 'malformed', status: 302 } });

    proxy.set({ kind: 'hang' });
    const started = Date.now();
    expect(await client.health()).toEqual({ ok: false, failure: { kind: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(1_500);

    proxy.set({ kind: 'reset' });
    expect(await client.health()).toMatchObject({ ok: false, failure: { kind: 'network' } });
    proxy.set({ kind: 'forward' });

    // Nothing listening at all.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = new HubClient({ baseUrl: `http://127.0.0.1:${port}` });
    expect(await nowhere.health()).toEqual({ ok: false, failure: { kind: 'network', code: 'ECONNREFUSED' } });
    nowhere.dispose();
  }, 30_000);
});

describe('a hub behind TLS with a private CA (hub.json caCertificate)', () => {
  let tlsHub: Awaited<ReturnType<typeof startTlsHub>>;

  beforeAll(async () => {
    tlsHub = await startTlsHub(hub);
  }, 60_000);

  afterAll(async () => {
    await tlsHub?.close();
  });

  test('trusted with the configured CA, refused without it', async () => {
    const trusting = new HubClient(loadHubConfig(tlsHub.hubJson));
    const user = await hub.user('counsellor');
    expect(await trusting.login({ username: user.username, password: user.password })).toMatchObject({ ok: true, value: { user: { id: user.id } } });
    trusting.dispose();

    const plain = new HubClient({ baseUrl: tlsHub.url });
    const refused = await plain.health();
    expect(refused).toMatchObject({ ok: false, failure: { kind: 'network' } });
    if (!refused.ok && refused.failure.kind === 'network') expect(refused.failure.code).toMatch(/CERT|SIGNATURE|ISSUER/);
    plain.dispose();
  }, 30_000);
});
