import { expect, test, type Browser, type Page } from '@playwright/test';
import { PGlite } from '@electric-sql/pglite';
import type { PlaceCallOptions } from './sip/pageApi';
import { startSipStack, type SipStack } from './sip/sipStack';
import { startDemoHub, type DemoHub, type HubAccount } from './stack/demoHub';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { filesUnder, leaked, PrivacyProbe } from './stack/privacyProbe';
import { startSoftphoneStack, type SoftphoneStack } from './stack/softphoneStack';
import { finishWrapUp } from './stack/softphoneUi';

// Invariant I1 end to end: a caller plants unique canaries in every identity-bearing place a
// provider might fill; the counsellor takes the call in the real UI; afterwards none of them is
// in the DOM, the renderer's heap, the API traffic, the workstation's files or its output, nor
// (with the anonymising provider, whose workstation syncs to a real hub) in the hub's database or log.

const run = Date.now().toString(36);
const NUMBER = '+4561234578';
const numberForms = ['+4561234578', '4561234578', '61234578', '61 23 45 78', '+45 61 23 45 78', '0045 61234578'];
const display = `Canary Navn ${run}`;
const canaryHost = `canary-${run}.invalid`;
const foreignIp = '203.0.113.77';

function plantedCall(to: string): PlaceCallOptions {
  return {
    to,
    number: NUMBER,
    displayName: display,
    toDisplayName: `Canary To ${run}`,
    headers: {
      'P-Asserted-Identity': `"${display}" <sip:${NUMBER}@${canaryHost}>`,
      'P-Preferred-Identity': `<tel:${NUMBER}>`,
      'Remote-Party-ID': `"${display}" <sip:${NUMBER}@${canaryHost}>;party=calling;privacy=off`,
      Diversion: `<sip:+4561234578@div-${canaryHost}>;reason=unconditional`,
      'History-Info': `<sip:+45 61 23 45 78@hist-${canaryHost}>;index=1`,
      Identity: `canary-identity-${run};info=<https://${canaryHost}/cert>`,
      'P-Charging-Vector': `icid-value=canary-icid-${run};orig-ioi=${canaryHost}`,
      'P-Access-Network-Info': `3GPP-UTRAN-TDD; utran-cell-id-3gpp=canary-cell-${run}`,
      Organization: `Canary Org ${run}`,
      Subject: `canary subject ${run}`,
      'Call-Info': `<https://${canaryHost}/photo.jpg>;purpose=icon`,
      'X-Canary-Number': '61 23 45 78',
      'X-Canary-Ip': foreignIp,
      [`X-Canary-${run}`]: `canary-xheader-${run}`,
    },
    sdpCanaries: {
      sessionName: `canary-session-${run}`,
      originUsername: `canaryorigin${run}`,
      candidateAddresses: [foreignIp],
      sessionLines: [`i=canary info ${run}`, `e=canary-${run}@${canaryHost}`, 'p=+45 61 23 45 78', `u=https://${canaryHost}/`],
    },
  };
}

const canaries = [...numberForms, display, canaryHost, foreignIp, `canary-identity-${run}`, `canary-icid-${run}`, `canary-cell-${run}`, `Canary Org ${run}`, `canary subject ${run}`, `canary-xheader-${run}`, `X-Canary-${run}`, `Canary To ${run}`, `canary-session-${run}`, `canaryorigin${run}`, `canary info ${run}`];

/** Logs in with the launcher's demo account, or with a hub account and its one-time code. */
async function openWorkstation(browser: Browser, stack: SoftphoneStack, hub?: { demo: DemoHub; account: HubAccount }): Promise<{ page: Page; probe: PrivacyProbe }> {
  // Its own context (so its own renderer process): the heap snapshot then holds only its memory.
  const page = await (await browser.newContext()).newPage();
  const probe = new PrivacyProbe(page);
  await page.goto(stack.workstation.url);
  await page.getByLabel('Brugernavn').fill(hub ? hub.account.username : 'raadgiver');
  await page.getByLabel('Adgangskode').fill(hub ? hub.account.password : 'tavs-demo');
  if (hub) await page.getByLabel('Engangskode').fill(hub.demo.freshCode(hub.account));
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByTestId('softphone-status')).toHaveAttribute('data-state', 'registered', { timeout: 15_000 });
  return { page, probe };
}

async function openCaller(browser: Browser, stack: SoftphoneStack): Promise<Page> {
  const caller = await (await browser.newContext()).newPage();
  await caller.goto(stack.pages.callerUrl);
  await caller.waitForFunction(() => window.tavsCaller !== undefined);
  const account = stack.sip.callers[0];
  if (!account) throw new Error('no caller account');
  await caller.evaluate((config) => window.tavsCaller.connect(config), { wsUrl: stack.sip.wsUrl, domain: stack.sip.domain, ...account });
  return caller;
}

/** One planted call: ring, answer, audio both ways, hang up from the caller, wrap up. */
async function takePlantedCall(page: Page, caller: Page, stack: SoftphoneStack, call = plantedCall(stack.callTarget)): Promise<void> {
  const outcome = caller.evaluate((options) => window.tavsCaller.placeCall(options), call);
  await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('answer').click();
  expect(await outcome).toMatchObject({ outcome: 'established' });
  // Never trust "established": packets must flow both ways.
  await expect.poll(async () => Number(await page.getByTestId('audio-stats').getAttribute('data-received')), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await caller.evaluate(() => window.tavsCaller.stats())).packetsReceived, { timeout: 15_000 }).toBeGreaterThan(0);
  await caller.evaluate(() => window.tavsCaller.hangup());
  await expect(page.getByTestId('wrap-up')).toBeVisible();
  await finishWrapUp(page);
}

async function expectNothingLeaked(probe: PrivacyProbe, stack: SoftphoneStack): Promise<void> {
  const places = {
    dom: await probe.dom(),
    heap: await probe.heap(),
    api: probe.apiTraffic(),
    files: filesUnder(stack.workstation.dataDir),
    output: stack.workstation.output(),
  };
  // The probe must have seen real traffic, or an empty search would pass.
  expect(places.api).toContain('INVITE');
  expect(places.heap.length).toBeGreaterThan(1_000_000);
  for (const [place, text] of Object.entries(places)) expect(leaked(text, canaries), place).toEqual([]);
}

test.describe('leaky provider: the firewall alone protects the counsellor', () => {
  let stack: SoftphoneStack;
  test.beforeAll(async () => {
    stack = await startSoftphoneStack('leaky');
  });
  test.afterAll(async () => {
    await stack?.stop();
  });

  test('no planted identifier reaches the DOM, heap, API, files or logs', async ({ browser }) => {
    const { page, probe } = await openWorkstation(browser, stack);
    const caller = await openCaller(browser, stack);
    await takePlantedCall(page, caller, stack);
    await expectNothingLeaked(probe, stack);
    // Without a provider that strips caller-supplied copies, its meaning headers are not trusted.
    await expect(page.getByTestId('returning-badge')).toHaveCount(0);
  });
});

/** Every row of every table of the hub's PGlite database, as text (read after the hub stopped). */
async function hubDatabaseText(dataDir: string): Promise<{ text: string; records: number }> {
  const db = await PGlite.create(dataDir);
  const { rows: tables } = await db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
  let text = '';
  for (const { name } of tables) {
    const { rows } = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
    text += rows.map((row) => row.row).join('\n');
  }
  const records = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM records')).rows[0]?.n ?? 0;
  await db.close();
  return { text, records };
}

test.describe('anonymising provider, with a hub', () => {
  // As deployed: the hub plans the counsellor's shift and issues that shift's SIP credentials.
  let sip: SipStack;
  let stack: SoftphoneStack;
  let demo: DemoHub;
  let account: HubAccount;
  test.beforeAll(async () => {
    sip = await startSipStack({ profile: 'anonymising', workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-sip-canary-')) });
    demo = await startDemoHub({ policy: { accounts: { counsellorTotp: 'optional' } }, sip });
    account = await demo.createUser('counsellor', 'raadgiver');
    await demo.createShift(account, new Date(Date.now() - 60_000), new Date(Date.now() + 3_600_000));
    stack = await startSoftphoneStack('anonymising', { hubUrl: demo.hub.url, sip, perShiftCredentials: true });
  });
  test.afterAll(async () => {
    await stack?.stop();
    await demo?.stop();
    await sip?.stop();
  });

  test('nothing leaks, and repeat callers are counted without a pseudonym in sight', async ({ browser }) => {
    const { page, probe } = await openWorkstation(browser, stack, { demo, account });
    // The shift's SIP user name is the workstation's address at the provider: main process only.
    const [shiftAor] = await sip.registeredAors();
    const shiftUser = /^(?:sip:)?([^@]+)/.exec(shiftAor ?? '')?.[1];
    expect(shiftUser).toMatch(/^s[0-9a-f]{16}$/);
    const caller = await openCaller(browser, stack);
    await takePlantedCall(page, caller, stack);

    // The same number again: the badge counts the second contact.
    const outcome = caller.evaluate((options) => window.tavsCaller.placeCall(options), plantedCall(stack.callTarget));
    await expect(page.getByTestId('returning-badge')).toHaveAttribute('data-count', '2', { timeout: 15_000 });
    await expect(page.getByTestId('returning-badge')).toContainText('2. kontakt de sidste 7 dage');
    await page.getByTestId('reject').click();
    expect(await outcome).toMatchObject({ outcome: 'failed' });
    await expect(page.getByTestId('incoming-call')).toHaveCount(0);

    // Another number is a first contact.
    const other = caller.evaluate((options) => window.tavsCaller.placeCall(options), { to: stack.callTarget, number: '+4599887766' });
    await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('returning-badge')).toHaveAttribute('data-count', '1');
    await page.getByTestId('reject').click();
    await other;

    const pseudonyms = [stack.sip.pseudonymFor(NUMBER), stack.sip.pseudonymFor('+4599887766'), '99887766'];
    await expectNothingLeaked(probe, stack);
    const everything = `${await probe.dom()}${await probe.heap()}${probe.apiTraffic()}${filesUnder(stack.workstation.dataDir)}${stack.workstation.output()}`;
    expect(leaked(everything, pseudonyms)).toEqual([]);
    expect(leaked(everything, [shiftUser ?? 'no shift user']), 'shift SIP user').toEqual([]);

    // The wrap-up record reached the hub; neither it nor anything else there holds an identifier.
    await expect(page.getByTestId('sync-pending')).toHaveCount(0, { timeout: 20_000 });
    const hubLog = demo.hub.output();
    await demo.hub.stop();
    const hubDb = await hubDatabaseText(demo.hub.dataDir);
    expect(hubDb.records).toBe(1);
    expect(hubLog).toContain('listening');
    expect(leaked(hubDb.text, [...canaries, ...pseudonyms]), 'hub database').toEqual([]);
    expect(leaked(hubLog, [...canaries, ...pseudonyms]), 'hub log').toEqual([]);
  });
});
