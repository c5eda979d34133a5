import { test as base, expect, type Page } from '@playwright/test';
import { filesUnder } from './stack/privacyProbe';
import { startSoftphoneStack, type SoftphoneStack } from './stack/softphoneStack';
import {
  answer,
  callerReceivedEnergy,
  callerStats,
  closeCaller,
  closeCounsellor,
  counsellorReceived,
  expectRegistered,
  expectTwoWayAudio,
  finishWrapUp,
  openCaller,
  openCounsellor,
  placeCall,
  saveRecordIfAsked,
} from './stack/softphoneUi';

// The counsellor's softphone in the real UI, in Debian's Chromium with fake audio, against the
// real Kamailio and rtpengine (the anonymising provider profile) through the main process's
// relay and identity firewall. A caller simulator page calls in.

let stack: SoftphoneStack;

/** The counsellor, logged in and registered, and a connected caller; both cleaned up after each test. */
const test = base.extend<{ page: Page; caller: Page }>({
  page: async ({ browser }, use) => {
    const page = await openCounsellor(browser, stack.workstation.url);
    await expectRegistered(page);
    await use(page);
    await closeCounsellor(page);
  },
  caller: async ({ browser }, use) => {
    const caller = await openCaller(browser, stack);
    await use(caller);
    await closeCaller(caller);
  },
});

test.beforeAll(async () => {
  stack = await startSoftphoneStack('anonymising');
});
test.afterAll(async () => {
  await stack?.stop();
});

/** Kamailio's id of the TCP connection the counsellor's registration came over. */
async function workstationConnection(): Promise<number> {
  type Contact = { Contact: { 'Tcpconn-Id': number } };
  type UlDump = { Domains: Array<{ Domain: { AoRs?: Array<{ Info: { AoR: string; Contacts: Contact[] } }> } }> };
  const dump = await stack.sip.rpc<UlDump>('ul.dump');
  const aor = dump.Domains.flatMap((domain) => domain.Domain.AoRs ?? []).find((entry) => entry.Info.AoR === stack.counsellor);
  const id = aor?.Info.Contacts[0]?.Contact['Tcpconn-Id'];
  if (id === undefined) throw new Error('the counsellor is not registered');
  return id;
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Grows over `ms` while there is sound; ~0 in silence. */
async function energyOver(caller: Page, ms: number): Promise<number> {
  const before = await callerReceivedEnergy(caller);
  await settle(ms);
  return (await callerReceivedEnergy(caller)) - before;
}

test('answer, two-way audio, hold and resume, mute, DTMF, hang up; wrap-up until ready', async ({ page, caller }) => {

  const outcome = placeCall(caller, stack);
  await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('incoming-call')).toHaveAttribute('role', 'alert');
  // No hub in this stack, so no returning-contact count (the canary spec counts through a hub).
  await expect(page.getByTestId('returning-badge')).toHaveCount(0);
  await answer(page);
  expect(await outcome).toMatchObject({ outcome: 'established' });
  await expectTwoWayAudio(page, caller);
  await expect(page.getByTestId('call-timer')).toHaveText(/^0:0[1-9]$/, { timeout: 5_000 });

  // Hold: the re-INVITE makes the caller stop sending, so the counsellor receives nothing.
  await page.getByTestId('hold').click();
  await expect(page.getByTestId('call')).toHaveAttribute('data-phase', 'held', { timeout: 10_000 });
  await expect(page.getByTestId('hold')).toHaveText('Genoptag');
  await settle(1_500);
  const heldAt = await counsellorReceived(page);
  await settle(2_500);
  expect(await counsellorReceived(page)).toBeLessThanOrEqual(heldAt + 3);
  await page.getByTestId('hold').click();
  await expect(page.getByTestId('call')).toHaveAttribute('data-phase', 'active', { timeout: 10_000 });
  await expectTwoWayAudio(page, caller);

  // Mute: packets still flow, but the caller hears silence (the fake microphone beeps otherwise).
  expect(await energyOver(caller, 3_000)).toBeGreaterThan(0.001);
  await page.getByTestId('mute').click();
  await expect(page.getByTestId('mute')).toHaveAttribute('data-state', 'muted');
  await expect(page.getByTestId('muted')).toHaveText('Mikrofonen er slået fra.');
  await settle(500);
  expect(await energyOver(caller, 3_000)).toBeLessThan(0.0001);
  await page.getByTestId('mute').click();
  await expect(page.getByTestId('muted')).toHaveCount(0);
  await expect.poll(() => energyOver(caller, 2_000), { timeout: 10_000 }).toBeGreaterThan(0.001);

  // DTMF (RFC 4733 in the media path): shown as sent once the tones have actually gone out.
  await page.getByTestId('dtmf-keypad').locator('summary').click();
  await page.getByTestId('dtmf-1').click();
  await page.getByTestId('dtmf-2').click();
  await page.getByTestId('dtmf-hash').click();
  await expect(page.getByTestId('dtmf-sent')).toHaveText('Sendt: 12#', { timeout: 5_000 });
  // The caller's DTMF, both ways it may come, is taken without upsetting the call.
  expect(await caller.evaluate(() => window.tavsCaller.sendDtmf('5', 'info'))).toBe(true);
  expect(await caller.evaluate(() => window.tavsCaller.sendDtmf('9', 'rtp'))).toBe(true);
  await expect(page.getByTestId('call')).toHaveAttribute('data-phase', 'active');

  // The counsellor hangs up: BYE reaches the caller; wrap-up follows.
  await page.getByTestId('hangup').click();
  await expect.poll(() => caller.evaluate(() => window.tavsCaller.state())).toBe('Terminated');
  await expect(page.getByTestId('wrap-up')).toHaveAttribute('data-ended-by', 'counsellor');
  await expect(page.getByTestId('wrap-up')).toContainText(/Du lagde på efter \d+:\d\d\./);
  // Keyboard users land on the record form's first field (or on "Klar" where no record can be
  // kept), not on <body>, when the call controls vanish.
  const form = page.getByTestId('record-form');
  await expect(page.getByTestId('wrap-up-ready').or(form)).toBeVisible({ timeout: 10_000 });
  if (await form.isVisible()) await expect(form.getByRole('radio').first()).toBeFocused();
  else await expect(page.getByTestId('wrap-up-ready')).toBeFocused();

  // In wrap-up the counsellor is busy: a new call is turned away, and never shown.
  expect(await placeCall(caller, stack)).toMatchObject({ outcome: 'failed', statusCode: 486 });
  await expect(page.getByTestId('incoming-call')).toHaveCount(0);

  await finishWrapUp(page);
  const next = placeCall(caller, stack);
  await answer(page);
  expect(await next).toMatchObject({ outcome: 'established' });
  await page.getByTestId('hangup').click();
  await finishWrapUp(page);
});

test('the caller hangs up: detected, wrap-up says who ended it', async ({ page, caller }) => {
  const outcome = placeCall(caller, stack);
  await answer(page);
  expect(await outcome).toMatchObject({ outcome: 'established' });
  await expectTwoWayAudio(page, caller);
  await caller.evaluate(() => window.tavsCaller.hangup());
  await expect(page.getByTestId('wrap-up')).toHaveAttribute('data-ended-by', 'caller', { timeout: 10_000 });
  await expect(page.getByTestId('wrap-up')).toContainText('Den, der ringede, lagde på efter');
  await expect(page.getByTestId('call')).toHaveCount(0);
  await finishWrapUp(page);
});

test('keyboard only: F9 answers, F8 mutes, F7 holds, F10 hangs up — also while typing', async ({ page, caller }) => {
  // Focus in a text field: the shortcuts must work there and type nothing into it.
  await page.getByTestId('language').focus();

  const outcome = placeCall(caller, stack);
  await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('answer')).toHaveAttribute('aria-keyshortcuts', 'F9');
  await page.keyboard.press('F9');
  await expect(page.getByTestId('call')).toHaveAttribute('data-phase', 'active', { timeout: 15_000 });
  expect(await outcome).toMatchObject({ outcome: 'established' });

  await page.keyboard.press('F8');
  await expect(page.getByTestId('mute')).toHaveAttribute('data-state', 'muted');
  await page.keyboard.press('F8');
  await expect(page.getByTestId('mute')).toHaveAttribute('data-state', 'live');
  await page.keyboard.press('F7');
  await expect(page.getByTestId('call')).toHaveAttribute('data-phase', 'held', { timeout: 10_000 });
  await page.keyboard.press('F7');
  await expect(page.getByTestId('call')).toHaveAttribute('data-phase', 'active', { timeout: 10_000 });
  await page.keyboard.press('F10');
  await expect(page.getByTestId('wrap-up')).toBeVisible();
  await expect.poll(() => caller.evaluate(() => window.tavsCaller.state())).toBe('Terminated');
  // Focus stayed in the select the counsellor was using; "Klar" is one Tab-stop away.
  await expect(page.getByTestId('language')).toBeFocused();
  await saveRecordIfAsked(page);
  await page.getByTestId('wrap-up-ready').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('wrap-up')).toHaveCount(0);

  // F10 declines a ringing call.
  const declined = placeCall(caller, stack);
  await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('F10');
  expect(await declined).toMatchObject({ outcome: 'failed', statusCode: 486 });
  await expect(page.getByTestId('incoming-call')).toHaveCount(0);
});

test('it rings (a generated tone, really playing) until answered', async ({ browser, caller }) => {
  // Test-only instrumentation in this page: remember media elements playing a blob: URL (the ring).
  const page = await openCounsellor(browser, stack.workstation.url, () => {
    const rings: HTMLMediaElement[] = [];
    (window as unknown as { rings: HTMLMediaElement[] }).rings = rings;
    const play = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'play')?.value as (this: HTMLMediaElement) => Promise<void>;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      if (this.src.startsWith('blob:') && !rings.includes(this)) rings.push(this);
      return play.call(this);
    };
  });
  const ringing = (): Promise<boolean> =>
    page.evaluate(() => (window as unknown as { rings: HTMLMediaElement[] }).rings.some((ring) => !ring.paused && ring.currentTime > 0.2));
  try {
    await expectRegistered(page);
    expect(await ringing()).toBe(false);
    const outcome = placeCall(caller, stack);
    await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 15_000 });
    await expect.poll(ringing, { timeout: 5_000 }).toBe(true);
    await answer(page);
    await outcome;
    expect(await ringing()).toBe(false);
    await page.getByTestId('hangup').click();
    await finishWrapUp(page);
  } finally {
    await closeCounsellor(page);
  }
});

test('declined and missed calls leave no wrap-up', async ({ page, caller }) => {

  const declined = placeCall(caller, stack);
  await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('reject').click();
  expect(await declined).toMatchObject({ outcome: 'failed', statusCode: 486 });
  await expect(page.getByTestId('incoming-call')).toHaveCount(0);
  await expect(page.getByTestId('wrap-up')).toHaveCount(0);

  // The caller gives up while it rings (CANCEL).
  const missed = placeCall(caller, stack);
  await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 15_000 });
  await caller.evaluate(() => window.tavsCaller.hangup());
  expect(await missed).toMatchObject({ outcome: 'failed' });
  await expect(page.getByTestId('incoming-call')).toHaveCount(0);
  await expect(page.getByTestId('softphone-notice')).toHaveText(/Den, der ringede, lagde på, før opkaldet blev besvaret\./);
  await expect(page.getByTestId('wrap-up')).toHaveCount(0);
  await page.getByRole('button', { name: 'Luk beskeden' }).click();
  await expect(page.getByTestId('softphone-notice')).toHaveCount(0);
});

test('an emergency records the provider reference and shows only a local code', async ({ page, caller }) => {
  const outcome = placeCall(caller, stack);
  await answer(page);
  const { callId } = await outcome;

  // Two steps: a stray click does nothing.
  await page.getByTestId('emergency').click();
  await expect(page.getByTestId('emergency-reference')).toHaveCount(0);
  await page.getByTestId('emergency-confirm').click();
  const reference = page.getByTestId('emergency-reference');
  await expect(reference).toContainText('Nødsituation registreret. Reference: ');
  const code = (await reference.getAttribute('data-reference')) ?? '';
  expect(code).not.toBe('');
  // The code is the workstation's own, not the provider's reference or the call's identity.
  expect(code).not.toContain(stack.sip.callRefFor(callId));
  expect(code).not.toContain(callId);
  // The provider's reference is kept, but only inside the encrypted store.
  expect(filesUnder(stack.workstation.dataDir)).not.toContain(stack.sip.callRefFor(callId));

  // It stays through wrap-up, so it can go into the record, and goes with "Klar".
  await caller.evaluate(() => window.tavsCaller.hangup());
  await expect(page.getByTestId('wrap-up')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('emergency-reference')).toHaveAttribute('data-reference', code);
  await finishWrapUp(page);
  await expect(page.getByTestId('emergency-reference')).toHaveCount(0);
});

test('an emergency can still be flagged in wrap-up, after the caller has gone', async ({ page, caller }) => {
  const outcome = placeCall(caller, stack);
  await answer(page);
  await outcome;
  await caller.evaluate(() => window.tavsCaller.hangup());
  await expect(page.getByTestId('wrap-up')).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('emergency').click();
  await page.getByTestId('emergency-confirm').click();
  await expect(page.getByTestId('emergency-reference')).toContainText('Reference: ');
  await finishWrapUp(page);
});

test('after the SIP connection drops, the phone reconnects, registers again and takes calls', async ({ page, caller }) => {
  // Kamailio closes the workstation's WebSocket (the one its registration came over), as a
  // server restart or a network cut would; the caller's connection stays.
  const connection = await workstationConnection();
  await stack.sip.rpc('ws.close', [connection]);

  await expect(page.getByTestId('softphone-status')).toHaveAttribute('data-state', /retrying|connecting|registering/);
  await expectRegistered(page);
  await expect(page.getByTestId('softphone-problem')).toHaveCount(0);
  expect(await workstationConnection()).not.toBe(connection);

  const outcome = placeCall(caller, stack);
  await answer(page);
  expect(await outcome).toMatchObject({ outcome: 'established' });
  await expectTwoWayAudio(page, caller);
  await page.getByTestId('hangup').click();
  await finishWrapUp(page);
});

test('logging out hangs up and unregisters: the workstation stops ringing', async ({ page, caller }) => {
  await expect.poll(() => stack.sip.registeredAors()).toContainEqual(expect.stringContaining(stack.counsellor));
  const outcome = placeCall(caller, stack);
  await answer(page);
  await outcome;

  await page.getByRole('button', { name: 'Log ud' }).click();
  await expect(page.getByRole('heading', { name: 'Log ind på din vagt' })).toBeVisible();
  await expect.poll(() => caller.evaluate(() => window.tavsCaller.state()), { timeout: 10_000 }).toBe('Terminated');
  await expect.poll(() => stack.sip.registeredAors(), { timeout: 10_000 }).not.toContainEqual(expect.stringContaining(stack.counsellor));
  expect((await placeCall(caller, stack)).outcome).toBe('failed');
  expect((await callerStats(caller)).packetsReceived).toBe(0);
});
