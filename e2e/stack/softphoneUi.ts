import { expect, type Browser, type Page } from '@playwright/test';
import type { MediaStats, PlaceCallOptions } from '../sip/pageApi';
import type { SoftphoneStack } from './softphoneStack';

/**
 * Driving the softphone from both ends: the counsellor through the real UI (over the bridge),
 * the caller through the e2e/sip caller simulator page. Each gets its own browser context, so
 * its own renderer process and its own fake microphone.
 */

export async function openCounsellor(browser: Browser, url: string, init?: () => void): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  if (init) await page.addInitScript(init);
  await page.goto(url);
  await page.getByLabel('Brugernavn').fill('raadgiver');
  await page.getByLabel('Adgangskode').fill('tavs-demo');
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByTestId('counsellor-workspace')).toBeVisible();
  return page;
}

/**
 * The workstation has one session, shared by every page open on it: a test that leaves its
 * counsellor logged in would hand the next test a workspace instead of a login form.
 */
export async function closeCounsellor(page: Page): Promise<void> {
  const logout = page.getByRole('button', { name: 'Log ud' });
  if (await logout.isVisible().catch(() => false)) {
    await logout.click();
    await expect(page.getByLabel('Brugernavn')).toBeVisible();
  }
  await page.context().close();
}

export async function closeCaller(page: Page): Promise<void> {
  await page.evaluate(() => window.tavsCaller.disconnect()).catch(() => undefined);
  await page.context().close();
}

export async function expectRegistered(page: Page): Promise<void> {
  await expect(page.getByTestId('softphone-status')).toHaveAttribute('data-state', 'registered', { timeout: 15_000 });
}

/**
 * The caller page, with its peer connections recorded so a spec can read the received audio's
 * energy (is the counsellor muted?) — the simulator's own stats() counts packets only.
 */
export async function openCaller(browser: Browser, stack: SoftphoneStack): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const seen: RTCPeerConnection[] = [];
    (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections = seen;
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        seen.push(this);
      }
    };
  });
  await page.goto(stack.pages.callerUrl);
  await page.waitForFunction(() => window.tavsCaller !== undefined);
  const account = stack.sip.callers[0];
  if (!account) throw new Error('no caller account');
  await page.evaluate((config) => window.tavsCaller.connect(config), { wsUrl: stack.sip.wsUrl, domain: stack.sip.domain, ...account });
  return page;
}

let numbers = 0;
/** A fresh caller number per call, so returning-contact counts do not depend on test order. */
export function freshNumber(): string {
  numbers += 1;
  return `+4570${String(Date.now() % 10_000).padStart(4, '0')}${String(numbers).padStart(2, '0')}`;
}

/** Starts a call; the promise settles when the caller sees it answered or turned down. */
export function placeCall(caller: Page, stack: SoftphoneStack, options: Partial<PlaceCallOptions> = {}) {
  const call: PlaceCallOptions = { to: stack.counsellor, number: freshNumber(), ...options };
  return caller.evaluate((o) => window.tavsCaller.placeCall(o), call);
}

export function callerStats(caller: Page): Promise<MediaStats> {
  return caller.evaluate(() => window.tavsCaller.stats());
}

/** Total energy of the audio the caller has received so far (grows only while there is sound). */
export function callerReceivedEnergy(caller: Page): Promise<number> {
  return caller.evaluate(async () => {
    let energy = 0;
    for (const pc of (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((entry: Record<string, unknown>) => {
        if (entry.type === 'inbound-rtp' && entry.kind === 'audio') energy += Number(entry.totalAudioEnergy ?? 0);
      });
    }
    return energy;
  });
}

export async function counsellorReceived(page: Page): Promise<number> {
  return Number(await page.getByTestId('audio-stats').getAttribute('data-received'));
}

export async function counsellorSent(page: Page): Promise<number> {
  return Number(await page.getByTestId('audio-stats').getAttribute('data-sent'));
}

/** Audio both ways, by packet counters at each end: "established" alone proves nothing. */
export async function expectTwoWayAudio(page: Page, caller: Page): Promise<void> {
  const [received, sent, callerBefore] = [await counsellorReceived(page), await counsellorSent(page), await callerStats(caller)];
  await expect.poll(() => counsellorReceived(page), { timeout: 15_000 }).toBeGreaterThan(received);
  await expect.poll(() => counsellorSent(page), { timeout: 15_000 }).toBeGreaterThan(sent);
  await expect.poll(async () => (await callerStats(caller)).packetsReceived, { timeout: 15_000 }).toBeGreaterThan(callerBefore.packetsReceived);
  await expect.poll(async () => (await callerStats(caller)).packetsSent, { timeout: 15_000 }).toBeGreaterThan(callerBefore.packetsSent);
}

export async function answer(page: Page): Promise<void> {
  await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('answer').click();
  await expect(page.getByTestId('call')).toHaveAttribute('data-phase', 'active', { timeout: 15_000 });
}

/**
 * Wrap-up ends with "Klar", which is offered once the call's record is stored (or left as a
 * draft). Where the record store is available (under scripts/with-keyring.sh) the form opens
 * first: it is stored as a test contact, the one type that needs nothing else.
 */
export async function saveRecordIfAsked(page: Page): Promise<void> {
  const form = page.getByTestId('record-form');
  await expect(page.getByTestId('wrap-up-ready').or(form)).toBeVisible({ timeout: 10_000 });
  if (!(await form.isVisible())) return;
  await form.getByRole('radio', { name: 'Test', exact: true }).check();
  await form.getByTestId('record-submit').click();
  await expect(form).toHaveCount(0);
}

export async function finishWrapUp(page: Page): Promise<void> {
  await saveRecordIfAsked(page);
  await page.getByTestId('wrap-up-ready').click();
  await expect(page.getByTestId('wrap-up')).toHaveCount(0);
}
