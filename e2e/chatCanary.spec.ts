import crypto from 'node:crypto';
import fs from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { acceptOffer, conversationPanel, counsellorAtDesk, deskMessages, finishChatWrapUp, sendFromDesk } from './stack/chatDesk';
import { openStation, startChatHub, type ChatHub, type Staff, type WorkstationProcess } from './stack/chatStack';
import { ChatVisitor } from './stack/chatVisitor';
import { dumpHubDatabase, withHubDatabase } from './stack/hubDatabase';
import { filesUnder, PrivacyProbe } from './stack/privacyProbe';
import { RawVisitor } from './stack/rawVisitor';
import { startSourceProxy, type SourceProxy } from './stack/sourceProxy';

// Invariant I1 for chat (issue 8 points 2, 4 and 6): a visitor reaches the hub through a reverse
// proxy that connects from a source address the test chooses and adds X-Forwarded-For (and
// Forwarded, X-Real-IP) with a second one. The policy trusts one proxy's address and not the
// other's; with a trusted proxy the hub counts the visitor by the forwarded address, otherwise by
// the socket's, which the per-source limit shows. The counsellor chats, escalates ("Nødsituation")
// and files the record; afterwards neither address, in any spelling, is in the hub's database,
// its log, any byte the hub sent the workstation (recorded by a proxy in front of the hub), the
// bridge's API traffic, the desk's DOM or heap, or the workstation's files and output. With the
// escrow key configured the database holds the address of each escalated chat only sealed: the
// test's private key opens it and finds exactly the address the hub should have seen.

test.describe.configure({ mode: 'serial', timeout: 60_000 });
test.use({ timezoneId: 'Europe/Copenhagen', locale: 'da-DK' });

const octet = (): number => 1 + crypto.randomInt(254);
/** The proxy the policy trusts (its socket address, as the hub sees it). */
const TRUSTED_SOURCE = '127.83.41.207';
/** A proxy the policy does not know: its X-Forwarded-For means nothing. */
const UNTRUSTED_SOURCE = `127.83.42.${octet()}`;
/** Distinct documentation addresses (RFC 5737) for each forwarded header. */
const forwarded = (() => {
  const last = new Set<number>();
  while (last.size < 4) last.add(octet());
  const [a, b, c, d] = [...last].map((n) => `198.51.100.${n}`);
  return { trustedVisitor: a ?? '', trustedSecond: b ?? '', untrustedVisitor: c ?? '', untrustedSecond: d ?? '' };
})();
const addresses = [TRUSTED_SOURCE, UNTRUSTED_SOURCE, ...Object.values(forwarded)];

/** Every way an IPv4 address may be spelled in a log, a row, a frame or a heap. */
function spellings(address: string): string[] {
  const bytes = address.split('.').map(Number);
  const [a = 0, b = 0, c = 0, d = 0] = bytes;
  const raw = Buffer.from(bytes);
  const hex = raw.toString('hex');
  const unpadded = (text: string): string => text.replace(/=+$/, '');
  return [
    address,
    `${d}.${c}.${b}.${a}`,
    bytes.map((n) => String(n).padStart(3, '0')).join('.'),
    `::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`,
    hex,
    hex.toUpperCase(),
    String(raw.readUInt32BE(0)),
    unpadded(raw.toString('base64')),
    unpadded(raw.toString('base64url')),
    unpadded(Buffer.from(address).toString('base64')),
    Buffer.from(address).toString('hex'),
  ];
}
/** For the renderer's heap only the spellings a program writes: its snapshot is megabytes of digits and ids. */
function heapSpellings(address: string): string[] {
  const [a, b, c, d] = address.split('.');
  return [address, `${d}.${c}.${b}.${a}`];
}
function found(text: string, spell: (address: string) => string[] = spellings): string[] {
  return addresses.flatMap((address) => spell(address).filter((spelling) => text.includes(spelling)).map((spelling) => `${address} as ${spelling}`));
}

const escrowKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });

let browserOfTests: Browser;
let chat: ChatHub;
let anna: Staff;
/** In front of the hub for the workstation: records every byte the hub sends it. */
let recorder: SourceProxy;
let station: WorkstationProcess;
let desk: Page;
let probe: PrivacyProbe;
const proxies: SourceProxy[] = [];
/** conversation id → the address the hub should have sealed for it. */
const expectedSeals = new Map<string, string>();

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  browserOfTests = browser;
  chat = await startChatHub({
    trustedProxies: [TRUSTED_SOURCE],
    escrowPublicKey: escrowKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    maxOpenConversationsPerSource: 1,
  });
  anna = await chat.addStaff('counsellor', 'anna');
  recorder = await startSourceProxy({ target: chat.demo.hub.url });
  ({ station, page: desk } = await openStation(browser, recorder.url, (page) => (probe = new PrivacyProbe(page))));
  await counsellorAtDesk(desk, chat.demo, anna);
});

test.afterAll(async () => {
  await desk?.context().close();
  await station?.stop();
  await chat?.demo.stop();
  for (const proxy of [recorder, ...proxies]) await proxy?.close();
});

async function proxy(localAddress: string, forwardedFor: string): Promise<SourceProxy> {
  const started = await startSourceProxy({ target: chat.demo.hub.url, localAddress, forwardedFor });
  proxies.push(started);
  return started;
}

/** A whole chat through `via`: both write, the counsellor escalates, ends and files the record. */
async function chatThrough(via: SourceProxy): Promise<string> {
  const visitor = await ChatVisitor.open(browserOfTests, via.url);
  try {
    await visitor.start();
    const conversationId = await acceptOffer(desk);
    await visitor.send('Hej, jeg har brug for at snakke');
    await expect(deskMessages(desk, conversationId, 'visitor').last().getByTestId('chat-message-text')).toHaveText('Hej, jeg har brug for at snakke');
    await visitor.page.getByTestId('chat-input').pressSequentially('Er du der', { delay: 20 });
    await expect(conversationPanel(desk, conversationId).getByTestId('chat-typing')).toBeVisible({ timeout: 5_000 });
    await visitor.page.getByTestId('chat-send').click();
    await sendFromDesk(desk, conversationId, 'Ja, jeg er her. Fortæl mig, hvad der sker.');
    await visitor.expectLastMessage('counsellor', 'Ja, jeg er her. Fortæl mig, hvad der sker.');
    await conversationPanel(desk, conversationId).getByTestId('chat-escalate').click();
    await desk.getByTestId('chat-escalate-confirm').click();
    await expect(conversationPanel(desk, conversationId)).toHaveAttribute('data-escalated', 'true');
    await conversationPanel(desk, conversationId).getByTestId('chat-end').click();
    await expect(visitor.page.getByTestId('chat-ended')).toBeVisible();
    await finishChatWrapUp(desk, conversationId);
    return conversationId;
  } finally {
    await visitor.close();
  }
}

/** A second visitor through `via`: refused as one source too many, or let in (then leaves at once). */
async function secondVisitor(via: SourceProxy): Promise<'refused' | 'admitted'> {
  const raw = await RawVisitor.connect(via.url);
  try {
    await expect.poll(() => raw.events.find((event) => event.type === 'welcome' || event.type === 'error')?.type ?? null).not.toBeNull();
    if (raw.events.some((event) => event.type === 'welcome')) {
      raw.send({ type: 'leave' });
      await raw.waitFor('ended');
      return 'admitted';
    }
    expect(raw.events).toContainEqual({ type: 'error', code: 'too-many-conversations', clientId: null });
    expect((await raw.whenClosed()).code).toBe(4011);
    return 'refused';
  } finally {
    raw.close();
  }
}

test('behind the trusted proxy the hub counts the visitor by the forwarded address', async () => {
  const via = await proxy(TRUSTED_SOURCE, forwarded.trustedVisitor);
  // While the first visitor's conversation is open: the same forwarded address is one too many,
  // another one (through the same proxy, so the same socket address) is someone else.
  const visitor = await ChatVisitor.open(browserOfTests, via.url);
  await visitor.start();
  expect(await secondVisitor(await proxy(TRUSTED_SOURCE, forwarded.trustedVisitor))).toBe('refused');
  expect(await secondVisitor(await proxy(TRUSTED_SOURCE, forwarded.trustedSecond))).toBe('admitted');
  await visitor.leave();
  await visitor.close();
  await expect(desk.getByTestId('chat-offer')).toHaveCount(0);

  const conversationId = await chatThrough(via);
  expectedSeals.set(conversationId, forwarded.trustedVisitor);
  expect(new Set(via.sourcesUsed)).toEqual(new Set([TRUSTED_SOURCE]));
});

test('behind a proxy the policy does not trust its X-Forwarded-For means nothing: the socket address counts', async () => {
  const via = await proxy(UNTRUSTED_SOURCE, forwarded.untrustedVisitor);
  const visitor = await ChatVisitor.open(browserOfTests, via.url);
  await visitor.start();
  expect(await secondVisitor(await proxy(UNTRUSTED_SOURCE, forwarded.untrustedSecond))).toBe('refused');
  await visitor.leave();
  await visitor.close();
  await expect(desk.getByTestId('chat-offer')).toHaveCount(0);

  const conversationId = await chatThrough(via);
  expectedSeals.set(conversationId, UNTRUSTED_SOURCE);
  expect(new Set(via.sourcesUsed)).toEqual(new Set([UNTRUSTED_SOURCE]));
});

test('neither address is anywhere downstream; the escrow holds each escalated chat\'s address sealed, and only there', async () => {
  await expect(desk.getByTestId('sync-pending')).toHaveCount(0, { timeout: 20_000 });
  const workstation = {
    'desk DOM': await probe.dom(),
    'bridge API traffic': probe.apiTraffic(),
    'hub → workstation bytes': recorder.fromHub(),
    'workstation → hub frames': recorder.framesToHub.join('\n'),
    'workstation files': filesUnder(station.dataDir),
    'workstation output': station.output(),
  };
  const heap = await probe.heap();
  // The probes saw the real thing, or an empty search would pass.
  expect(recorder.framesFromHub.some((frame) => frame.includes('"type":"offer"'))).toBe(true);
  expect(workstation['hub → workstation bytes']).toContain('Hej, jeg har brug for at snakke');
  expect(workstation['bridge API traffic']).toContain('Hej, jeg har brug for at snakke');
  expect(heap.length).toBeGreaterThan(1_000_000);
  for (const [place, text] of Object.entries(workstation)) expect(found(text), place).toEqual([]);
  expect(found(heap, heapSpellings), 'desk heap').toEqual([]);

  await chat.demo.stop();
  const hubLog = fs.readFileSync(chat.logFile, 'utf8');
  expect(hubLog).toContain('"message":"listening"');
  expect(found(hubLog), 'hub log').toEqual([]);
  expect(found(chat.demo.hub.output()), 'hub output').toEqual([]);
  const dump = await dumpHubDatabase(chat.demo.hub.dataDir);
  expect(dump.counts.records).toBe(2);
  expect(found(dump.text), 'hub database').toEqual([]);

  // Sealed, the address is there for the key holder — for the escalated chats, and no other.
  const sealed = await withHubDatabase(chat.demo.hub.dataDir, async (db) =>
    (await db.query<{ conversation_id: string; sealed: Uint8Array; created_at: Date; expires_at: Date }>('SELECT conversation_id::text, sealed, created_at, expires_at FROM chat_escrow')).rows,
  );
  const opened = new Map(
    sealed.map((row) => {
      const plain = crypto.privateDecrypt({ key: escrowKeys.privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(row.sealed));
      const content = JSON.parse(plain.toString('utf8')) as { address: string; at: string; conversationId: string };
      expect(content.conversationId).toBe(row.conversation_id);
      expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBeLessThanOrEqual(12 * 3_600_000);
      return [row.conversation_id, content.address];
    }),
  );
  expect(opened).toEqual(expectedSeals);
});
