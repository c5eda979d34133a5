import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { CONTACTS_PATH, CONTACT_KEYS_PATH } from '../../shared/hub/contactsApi';
import type { CallInfo } from '../../shared/contract/schemas';
import { HubClient } from '../../electron/hub/hubClient';
import { HubConnection } from '../../electron/hub/hubConnection';
import { HubReturningContacts } from '../../electron/hub/returningContactsClient';
import { rendererRegister } from '../../electron/sip/testing/sipFixtures';
import {
  capturingLogger,
  forgetTestKeys,
  removeTemporaryDirectories,
  requireKeychain,
  temporaryDirectory,
  waitFor,
} from '../../electron/store/testing/storeTestKit';
import { startFakePbx, type FakePbx } from '../testing/fakePbx';
import { startFaultProxy, type FaultProxy } from '../testing/faultProxy';
import { startHub, type HubUnderTest } from '../testing/hubUnderTest';
import { completeForm, startWorkstation, type WorkstationUnderTest } from '../testing/workstationUnderTest';

// Returning contacts counted by the hub across workstations (issue 6 point 4): the workstation
// sends only keyed hashes of the provider's pseudonym, and a ringing phone never waits for the
// hub. Run: scripts/with-keyring.sh npx vitest run integration

const CONTACTS_MS = 400;

let hub: HubUnderTest;
let proxy: FaultProxy;
let pbx: FakePbx;
const running: WorkstationUnderTest[] = [];
const links: HubConnection[] = [];

beforeAll(async () => {
  await requireKeychain();
  hub = await startHub();
  proxy = await startFaultProxy(hub.url);
  pbx = await startFakePbx();
}, 60_000);

afterEach(async () => {
  proxy.set({ kind: 'forward' });
  for (const workstation of running.splice(0)) await workstation.dispose();
  for (const link of links.splice(0)) {
    link.stop();
    link.client.dispose();
  }
  await forgetTestKeys();
  removeTemporaryDirectories();
});

afterAll(async () => {
  await pbx?.close();
  await proxy?.close();
  await hub?.close();
});

/** A workstation's hub link with a counsellor logged in, and its returning-contact counter. */
async function counsellorLink(target: HubUnderTest = hub, url: string = proxy.url): Promise<{ link: HubConnection; contacts: HubReturningContacts; relogin: () => Promise<void> }> {
  const log = capturingLogger();
  const link = new HubConnection(new HubClient({ baseUrl: url }, { contactsMs: CONTACTS_MS }), log, { link: () => undefined, sessionLost: () => undefined });
  links.push(link);
  const user = await target.user('counsellor');
  const relogin = async (): Promise<void> => {
    const login = await link.login({ username: user.username, password: user.password });
    if (!login.ok) throw new Error('login failed');
  };
  await relogin();
  return { link, contacts: new HubReturningContacts(link, log), relogin };
}

/** A workstation with a phone on the fake PBX and a counsellor on shift, registered for calls. */
async function phoneWorkstation(hubUrl: string): Promise<WorkstationUnderTest> {
  const station = await startWorkstation({ hubUrl, dataDir: temporaryDirectory(), softphone: pbx.settings });
  running.push(station);
  const peers = pbx.peers.length;
  const login = await station.login(await hub.user('counsellor'));
  if (!login.ok) throw new Error(`login failed: ${login.error.code}`);
  expect(await station.call('sip:connect', {})).toMatchObject({ ok: true });
  expect(await station.call('sip:send', { message: rendererRegister() })).toMatchObject({ ok: true });
  await waitFor(() => pbx.peers.length > peers, 'the relay to connect');
  return station;
}

function callInfos(station: WorkstationUnderTest): CallInfo[] {
  return station.pushed('call:info');
}

/** Rings `station` (the PBX's peer `peer`); returns the Call-ID token the renderer saw. */
async function ring(station: WorkstationUnderTest, peer: number, pseudonym: string): Promise<string> {
  const before = callInfos(station).length;
  pbx.ring(peer, pseudonym);
  await waitFor(() => callInfos(station).length > before, 'the call to be announced');
  return callInfos(station)[before]?.callId ?? '';
}

const sightings = () => proxy.requests.filter((request) => request.path === CONTACTS_PATH);
const keyFetches = () => proxy.requests.filter((request) => request.path === CONTACT_KEYS_PATH).length;

describe('returning contacts through the hub', () => {
  test('two workstations count the same caller together, and other callers apart; only keyed hashes leave', async () => {
    const first = await counsellorLink();
    const second = await counsellorLink();
    expect(await first.contacts.count('pseudonym-canary-anna')).toBe(1);
    expect(await second.contacts.count('pseudonym-canary-anna')).toBe(2);
    expect(await first.contacts.count('pseudonym-canary-bo')).toBe(1);
    expect(await second.contacts.count('pseudonym-canary-anna')).toBe(3);

    const sent = JSON.stringify(sightings().map((request) => request.body));
    expect(sent).not.toContain('canary');
    for (const request of sightings()) {
      const body = request.body as { contactId: string; hashes: { keyId: string; hash: string }[] };
      expect(body.hashes.length).toBeGreaterThanOrEqual(1);
      for (const { hash } of body.hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    }
    // Every contact is its own sighting (a random contactId each).
    expect(new Set(sightings().map((request) => (request.body as { contactId: string }).contactId)).size).toBe(sightings().length);
  }, 30_000);

  test('the keys are fetched once and kept in memory while they are valid', async () => {
    const { contacts } = await counsellorLink();
    const before = keyFetches();
    await contacts.count('pseudonym-x');
    await contacts.count('pseudonym-y');
    await contacts.count('pseudonym-z');
    expect(keyFetches() - before).toBe(1);
  }, 30_000);

  test('a hub that does not answer in time: null, after the short deadline and no later', async () => {
    const { contacts } = await counsellorLink();
    proxy.set({ kind: 'hang' }, '/api/v1/contact');
    const started = Date.now();
    expect(await contacts.count('pseudonym-slow')).toBeNull();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(CONTACTS_MS - 50);
    expect(elapsed).toBeLessThan(CONTACTS_MS + 400);
    proxy.set({ kind: 'reset' }, '/api/v1/contact');
    expect(await contacts.count('pseudonym-slow')).toBeNull();
  }, 30_000);
});

describe('a ringing phone and the hub', () => {
  test('the call is announced at once; the count follows, shared across workstations, and goes into the record', async () => {
    const first = await phoneWorkstation(proxy.url);
    const second = await phoneWorkstation(proxy.url);
    const firstPeer = pbx.peers.length - 2;

    const firstCall = await ring(first, firstPeer, 'pseudonym-canary-carl');
    await waitFor(() => callInfos(first).filter((info) => info.callId === firstCall).length === 2, 'the count to follow');
    expect(callInfos(first).filter((info) => info.callId === firstCall)).toEqual([
      { callId: firstCall, returningContacts: null, emergencyReferenceAvailable: true },
      { callId: firstCall, returningContacts: 1, emergencyReferenceAvailable: true },
    ]);

    const secondCall = await ring(second, firstPeer + 1, 'pseudonym-canary-carl');
    await waitFor(() => callInfos(second).some((info) => info.callId === secondCall && info.returningContacts === 2), 'the shared count');

    // The record of the second call says "returning"; the first's does not.
    const now = Date.now();
    const draft = await second.call('records:startDraft', { channel: 'phone', callId: secondCall, startedAt: now - 120_000, endedAt: now });
    expect(draft).toMatchObject({ ok: true, value: { facts: { returningContact: true } } });
    const firstDraft = await first.call('records:startDraft', { channel: 'phone', callId: firstCall, startedAt: now - 120_000, endedAt: now });
    expect(firstDraft).toMatchObject({ ok: true, value: { facts: { returningContact: false } } });
    if (draft.ok) expect(await second.call('records:submit', { draftId: draft.value.draftId, form: { ...completeForm, summary: '' } })).toMatchObject({ ok: true });

    // The pseudonym stays in the main process: not in an event, a log line, a file or anything sent.
    for (const station of [first, second]) {
      expect(JSON.stringify(station.events)).not.toContain('canary');
      expect(station.log.text()).not.toContain('canary');
      expect(fs.readdirSync(station.dataDir)).not.toContain('returning-contacts.json');
    }
    expect(JSON.stringify(proxy.requests.map((request) => request.body))).not.toContain('canary');
  }, 60_000);

  test('a hub that hangs never holds up the call: announced at once, without a count, and no count later', async () => {
    const station = await phoneWorkstation(proxy.url);
    const peer = pbx.peers.length - 1;
    proxy.set({ kind: 'hang' }, '/api/v1/contact');
    const before = station.events.length;
    const callId = await ring(station, peer, 'pseudonym-slow-hub');
    const announced = station.events.slice(before);
    const invite = announced.find((entry) => entry.event === 'sip:message' && (entry.payload as { message: string }).message.startsWith('INVITE'));
    const info = announced.find((entry) => entry.event === 'call:info');
    expect(info?.payload).toEqual({ callId, returningContacts: null, emergencyReferenceAvailable: true });
    // Announced together with the INVITE itself, not after a hub round trip.
    expect(Math.abs((info?.at ?? Infinity) - (invite?.at ?? 0))).toBeLessThan(50);

    await new Promise((resolve) => setTimeout(resolve, CONTACTS_MS + 400));
    expect(callInfos(station).filter((entry) => entry.callId === callId)).toHaveLength(1);
    expect(station.log.text()).toContain('returning-contact count unavailable');
  }, 30_000);
});

describe('contact keys rotating on the hub', () => {
  let rotating: HubUnderTest;
  beforeAll(async () => {
    rotating = await startHub();
  }, 60_000);
  afterAll(async () => {
    await rotating?.close();
  });

  test('a sighting refused for an expired key is sent again under the new keys, and the caller is still recognised', async () => {
    const rotatingProxy = await startFaultProxy(rotating.url);
    try {
      const { contacts, relogin } = await counsellorLink(rotating, rotatingProxy.url);
      const day = 24 * 3600_000;
      // Day 0: the first key (a week long) is made and handed out; day 3: the caller again.
      expect(await contacts.count('pseudonym-across-rotation')).toBe(1);
      rotating.context.moveClock(3 * day);
      await relogin(); // sessions last hours, and the hub's clock moved days
      expect(await contacts.count('pseudonym-across-rotation')).toBe(2);
      // Day 7 and a minute: the key the workstation holds (valid on its own clock) has expired on
      // the hub's. Day 0 has left the 7-day window; day 3, hashed under the old key, has not.
      rotating.context.moveClock(4 * day + 60_000);
      await relogin();
      expect(await contacts.count('pseudonym-across-rotation')).toBe(2);

      const keys = rotatingProxy.requests.filter((request) => request.path === CONTACT_KEYS_PATH);
      const posts = rotatingProxy.requests.filter((request) => request.path === CONTACTS_PATH);
      expect(keys).toHaveLength(2);
      expect(rotatingProxy.requests.filter((request) => request.path === CONTACTS_PATH).length).toBe(4);
      // The refused sighting and its resend are one contact (the same contactId), under both keys now.
      const [, , refused, resent] = posts.map((request) => request.body as { contactId: string; hashes: { keyId: string }[] });
      expect(resent?.contactId).toBe(refused?.contactId);
      expect(resent?.hashes).toHaveLength(2);
    } finally {
      await rotatingProxy.close();
    }
  }, 60_000);
});

describe('no hub configured', () => {
  test('no counts, and nothing written about callers', async () => {
    // Without a hub nobody logs in, so the phone never registers; the counter does not exist at all.
    const station = await startWorkstation({ hubUrl: null, dataDir: temporaryDirectory(), softphone: pbx.settings });
    running.push(station);
    expect(await station.call('sip:connect', {})).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    expect(await station.call('connection:get', {})).toMatchObject({ ok: true, value: { hub: 'not-configured' } });
    expect(fs.readdirSync(station.dataDir)).not.toContain('returning-contacts.json');
  }, 30_000);
});
