import { test as base, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startSoftphoneStack, type SoftphoneStack } from './stack/softphoneStack';
import { closeCaller, closeCounsellor, expectRegistered, openCaller, openCounsellor, placeCall } from './stack/softphoneUi';
import { startWorkstation, type Workstation } from './stack/workstation';

// Every way the phone can fail says so in Danish the counsellor can act on: wrong credentials,
// no server, no phone set up, no microphone, microphone refused.

let stack: SoftphoneStack;
base.beforeAll(async () => {
  stack = await startSoftphoneStack('leaky');
});
base.afterAll(async () => {
  await stack?.stop();
});

/** A workstation with its own softphone settings (and its own session), stopped afterwards. */
const test = base.extend<{ workstationWith: (settings: Record<string, unknown> | null) => Promise<Workstation> }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  workstationWith: async ({}, use) => {
    const started: Workstation[] = [];
    await use(async (settings) => {
      let sipConfig: string | undefined;
      if (settings) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-sipconf-'));
        sipConfig = path.join(dir, 'softphone.json');
        fs.writeFileSync(sipConfig, JSON.stringify(settings), { mode: 0o600 });
      }
      const workstation = await startWorkstation(sipConfig ? { sipConfig } : {});
      started.push(workstation);
      return workstation;
    });
    for (const workstation of started) await workstation.stop();
  },
});

function settingsFor(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const counsellor = stack.sip.counsellors[1];
  if (!counsellor) throw new Error('the SIP stack has no second counsellor');
  return {
    wsUrl: stack.sip.wsUrl,
    aor: { user: counsellor.user, domain: stack.sip.domain },
    authUsername: counsellor.user,
    password: counsellor.password,
    mediaServers: ['127.0.0.0/8'],
    ...overrides,
  };
}

/** A loopback port nothing listens on (it was just given back). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('wrong SIP credentials: "Telefonen kunne ikke logge på", and Tavs keeps trying', async ({ browser, workstationWith }) => {
  const workstation = await workstationWith(settingsFor({ password: 'not-the-password' }));
  const page = await openCounsellor(browser, workstation.url);
  await expect(page.getByTestId('softphone-status')).toHaveAttribute('data-state', 'retrying', { timeout: 15_000 });
  await expect(page.getByTestId('softphone-problem')).toHaveAttribute('data-problem', 'registration-refused');
  await expect(page.getByTestId('softphone-problem')).toContainText('Telefonen kunne ikke logge på');
  await expect(page.getByTestId('softphone-status')).toContainText(/Prøver igen om \d+ s\./);
  await closeCounsellor(page);
});

test('SIP server unreachable: said plainly, retried with backoff, and "Prøv igen nu" works', async ({ browser, workstationWith }) => {
  const workstation = await workstationWith(settingsFor({ wsUrl: `ws://127.0.0.1:${await closedPort()}` }));
  const page = await openCounsellor(browser, workstation.url);
  await expect(page.getByTestId('softphone-problem')).toHaveAttribute('data-problem', 'server-unreachable', { timeout: 15_000 });
  await expect(page.getByTestId('softphone-problem')).toContainText('Telefonserveren kan ikke nås');
  await expect(page.getByTestId('link-sip')).toHaveAttribute('data-state', 'offline');
  // Each attempt waits longer: the countdown after a few failures is beyond the first step.
  await page.getByTestId('retry-now').click();
  await expect(page.getByTestId('softphone-status')).toHaveAttribute('data-state', 'retrying');
  await page.getByTestId('retry-now').click();
  await page.getByTestId('retry-now').click();
  await expect(page.getByTestId('softphone-status')).toContainText(/Prøver igen om ([2-9]|\d\d) s\./);
  await closeCounsellor(page);
});

test('no phone configured on this workstation', async ({ browser, workstationWith }) => {
  const workstation = await workstationWith(null);
  const page = await openCounsellor(browser, workstation.url);
  await expect(page.getByTestId('softphone-status')).toHaveAttribute('data-state', 'not-configured');
  await expect(page.getByTestId('softphone-status')).toHaveText('Telefonen er ikke sat op på denne arbejdsstation. Kontakt jeres administrator.');
  await closeCounsellor(page);
});

/** In the page before the app: getUserMedia fails as Chromium does for the given reason. */
function microphone(kind: 'denied' | 'missing'): () => void {
  return kind === 'denied'
    ? () => {
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      }
    : () => {
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
        const list = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
        navigator.mediaDevices.enumerateDevices = async () => (await list()).filter((device) => device.kind !== 'audioinput');
      };
}

async function counsellorWithout(browser: Parameters<typeof openCounsellor>[0], kind: 'denied' | 'missing'): Promise<Page> {
  const page = await openCounsellor(browser, stack.workstation.url, microphone(kind));
  await expectRegistered(page);
  return page;
}

test('microphone refused: the answer fails with a clear message and the caller is turned down', async ({ browser }) => {
  const page = await counsellorWithout(browser, 'denied');
  const caller = await openCaller(browser, stack);
  const outcome = placeCall(caller, stack);
  await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('answer').click();
  expect(await outcome).toMatchObject({ outcome: 'failed', statusCode: 480 });
  await expect(page.getByTestId('softphone-notice')).toHaveText(/Opkaldet kunne ikke besvares\./);
  await expect(page.getByTestId('microphone-problem')).toHaveAttribute('data-problem', 'denied');
  await expect(page.getByTestId('microphone-problem')).toContainText('Tavs har ikke lov at bruge mikrofonen');
  await expect(page.getByTestId('incoming-call')).toHaveCount(0);
  await expect(page.getByTestId('wrap-up')).toHaveCount(0);
  await closeCaller(caller);
  await closeCounsellor(page);
});

test('no microphone: said before any call comes in, and the microphone test says it too', async ({ browser }) => {
  const page = await counsellorWithout(browser, 'missing');
  await expect(page.getByTestId('microphone-problem')).toHaveAttribute('data-problem', 'missing');
  await expect(page.getByTestId('microphone-problem')).toContainText('Der er ingen mikrofon');
  await page.getByTestId('device-settings').locator('summary').click();
  await page.getByTestId('mic-test').click();
  await expect(page.getByTestId('mic-test')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('microphone-problem')).toHaveAttribute('data-problem', 'missing');
  await closeCounsellor(page);
});

test('the microphone test shows a live level and lists the devices', async ({ browser }) => {
  const page = await openCounsellor(browser, stack.workstation.url);
  await expectRegistered(page);
  await page.getByTestId('device-settings').locator('summary').click();
  await expect(page.getByTestId('input-device').locator('option')).not.toHaveCount(0);
  await page.getByTestId('mic-test').click();
  await expect(page.getByTestId('mic-test')).toHaveAttribute('aria-pressed', 'true');
  // The fake microphone beeps: the meter moves.
  await expect
    .poll(async () => Number(await page.getByTestId('mic-level').getAttribute('data-level')), { timeout: 10_000, intervals: [100] })
    .toBeGreaterThan(0.1);
  // With the permission granted, the fake devices have names.
  await expect(page.getByTestId('input-device').locator('option').nth(1)).toHaveText(/\S/);
  await page.getByTestId('mic-test').click();
  await expect(page.getByTestId('mic-level')).toHaveCount(0);
  await closeCounsellor(page);
});
