// The SIP test stack on real parts: Kamailio (+ rtpengine), Chromium, sip.js.
// Proves what later tests rely on: digest auth, two-way audio, and exactly
// what each provider profile lets through to a counsellor.
import { test, expect, type Browser, type Page } from '@playwright/test';
import type { CallOutcome, MediaStats, PlaceCallOptions, SipAccountConfig } from './pageApi.js';
import { startSipPages, type SipPages } from './pageServer.js';
import { startSipStack, type SipProfile, type SipStack } from './sipStack.js';
import { header, headerValues, parseSipMessage, sdpAddresses, type SipMessage } from './sipText.js';

// Canary values the caller plants; none may reach an anonymised counsellor.
const NUMBER = '+4512345678';
const OTHER_NUMBER = '+4587654321';
const planted: Record<string, string> = {
  'P-Asserted-Identity': '"Canary PAI" <sip:+4512345678@pai.canary.invalid>',
  'P-Preferred-Identity': '<sip:+4512345678@ppi.canary.invalid>',
  'Remote-Party-ID': '"Canary RPID" <sip:+4512345678@rpid.canary.invalid>;party=calling;privacy=off',
  Diversion: '<sip:+4511111111@diversion.canary.invalid>;reason=unconditional',
  'History-Info': '<sip:+4522222222@history.canary.invalid>;index=1',
  Identity: 'canary-identity-token;info=<https://canary.invalid/cert>',
  Organization: 'Canary Org',
  Subject: 'canary subject',
  'X-Caller-Number': '+4512345678',
  'X-Canary-Ip': '198.51.100.23',
  'X-Caller-Pseudonym': 'canary-planted-pseudonym',
};
const cannedCall: PlaceCallOptions = {
  to: 'counsellor1',
  number: NUMBER,
  displayName: 'Canary Caller',
  toDisplayName: 'Canary To',
  headers: planted,
  sdpCanaries: {
    sessionName: 'canary-session',
    originUsername: 'canaryorigin',
    candidateAddresses: ['203.0.113.7'],
    sessionLines: ['i=canary info', 'e=canary@caller.invalid', 'p=+4512345678'],
  },
};

function account(stack: SipStack, who: 'counsellor' | 'caller', index = 0): SipAccountConfig {
  const cred = (who === 'counsellor' ? stack.counsellors : stack.callers)[index]!;
  return { wsUrl: stack.wsUrl, domain: stack.domain, user: cred.user, password: cred.password };
}

async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('console', (m) => m.type() === 'error' && console.log(`[${new URL(url).pathname}] ${m.text()}`));
  await page.goto(url);
  await page.waitForFunction(() => window.tavsCaller !== undefined || window.tavsCounsellor !== undefined);
  return page;
}

const stats = {
  caller: (p: Page): Promise<MediaStats> => p.evaluate(() => window.tavsCaller.stats()),
  counsellor: (p: Page): Promise<MediaStats> => p.evaluate(() => window.tavsCounsellor.stats()),
};

/** Place a call, let the counsellor answer, return what arrived and how it went. */
async function answeredCall(caller: Page, counsellor: Page, options: PlaceCallOptions) {
  const outcome = caller.evaluate((o) => window.tavsCaller.placeCall(o), options);
  const invite = await counsellor.evaluate(() => window.tavsCounsellor.nextInvite());
  await counsellor.evaluate(() => window.tavsCounsellor.answer());
  const result: CallOutcome = await outcome;
  expect(result.outcome).toBe('established');
  return { invite: parseSipMessage(invite.raw), raw: invite.raw, callId: result.callId };
}

/** Place a call, check what arrived, refuse it (fast: no media needed). */
async function refusedCall(caller: Page, counsellor: Page, options: PlaceCallOptions): Promise<SipMessage> {
  const outcome = caller.evaluate((o) => window.tavsCaller.placeCall(o), options);
  const invite = await counsellor.evaluate(() => window.tavsCounsellor.nextInvite());
  await counsellor.evaluate(() => window.tavsCounsellor.reject(486));
  expect((await outcome).statusCode).toBe(486);
  return parseSipMessage(invite.raw);
}

async function expectTwoWayAudio(caller: Page, counsellor: Page): Promise<[MediaStats, MediaStats]> {
  // "Established" proves nothing about media: wait for packets both ways.
  await expect.poll(async () => (await stats.caller(caller)).packetsReceived, { timeout: 10_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await stats.counsellor(counsellor)).packetsReceived, { timeout: 10_000 }).toBeGreaterThan(0);
  return [await stats.caller(caller), await stats.counsellor(counsellor)];
}

for (const profile of ['anonymising', 'leaky'] as const satisfies readonly SipProfile[]) {
  test.describe(`SIP stack, ${profile} provider`, () => {
    let stack: SipStack;
    let pages: SipPages;
    let caller: Page;
    let counsellor: Page;

    test.beforeAll(async ({ browser }, testInfo) => {
      stack = await startSipStack({ profile, workDir: testInfo.outputPath(`sip-${profile}`) });
      pages = await startSipPages();
      caller = await openPage(browser, pages.callerUrl);
      counsellor = await openPage(browser, pages.counsellorUrl);
    });

    test.afterAll(async () => {
      await caller?.context().close();
      await counsellor?.context().close();
      await pages?.stop();
      await stack?.stop();
    });

    // Every test starts from: counsellor1 registered, the caller connected.
    test.beforeEach(async () => {
      const registered = await counsellor.evaluate((c) => window.tavsCounsellor.register(c), account(stack, 'counsellor'));
      expect(registered.ok).toBe(true);
      await caller.evaluate((c) => window.tavsCaller.connect(c), account(stack, 'caller'));
    });

    test.afterEach(async () => {
      await caller.evaluate(() => window.tavsCaller.hangup()).catch(() => undefined);
      await counsellor.evaluate(() => window.tavsCounsellor.hangup()).catch(() => undefined);
    });

    test('REGISTER needs the right password (digest auth), and shows in ul.dump', async () => {
      const good = account(stack, 'counsellor');
      const bad = await counsellor.evaluate((c) => window.tavsCounsellor.register(c), { ...good, password: 'wrong' });
      // Kamailio answers a wrong password with 403 rather than challenging forever.
      expect(bad).toEqual({ ok: false, statusCode: 403 });
      expect(await stack.registeredAors()).not.toContain(good.user);

      // A caller account (the PSTN gateway) may not register at all.
      const gateway = await counsellor.evaluate((c) => window.tavsCounsellor.register(c), account(stack, 'caller'));
      expect(gateway).toEqual({ ok: false, statusCode: 403 });

      const ok = await counsellor.evaluate((c) => window.tavsCounsellor.register(c), good);
      expect(ok).toEqual({ ok: true, statusCode: 200 });
      expect(await stack.registeredAors()).toContain(good.user);
    });

    test('a call carries audio both ways and hangs up cleanly', async () => {
      const { invite } = await answeredCall(caller, counsellor, cannedCall);
      const [callerStats, counsellorStats] = await expectTwoWayAudio(caller, counsellor);
      expect(await caller.evaluate(() => window.tavsCaller.sendDtmf('1#'))).toBe(true);

      if (profile === 'anonymising') {
        // Media goes through rtpengine: the counsellor never talks to the caller's socket.
        expect(counsellorStats.remoteAddress).toMatch(/^127\.0\.0\.1:/);
        expect(counsellorStats.remoteAddress).not.toBe(callerStats.localAddress);
      } else {
        expect(counsellorStats.remoteAddress).toBe(callerStats.localAddress);
      }
      expect(invite.startLine).toMatch(/^INVITE sip:/);

      await caller.evaluate(() => window.tavsCaller.hangup());
      await counsellor.evaluate(() => window.tavsCounsellor.waitForEnd());
      expect(await counsellor.evaluate(() => window.tavsCounsellor.state())).toBe('Terminated');
    });

    if (profile === 'anonymising') {
      test('the counsellor gets no caller identity, only a pseudonym and a call reference', async () => {
        const { invite, raw, callId } = await answeredCall(caller, counsellor, cannedCall);

        expect(header(invite, 'From')).toMatch(/^"Anonymous" <sip:anonymous@anonymous\.invalid>;tag=/);
        expect(header(invite, 'To')).toMatch(new RegExp(`^<sip:counsellor1@${stack.domain}>`));
        for (const name of [...Object.keys(planted).filter((n) => n !== 'X-Caller-Pseudonym'), 'User-Agent']) {
          expect(headerValues(invite, name), name).toEqual([]);
        }
        expect(headerValues(invite, 'X-Caller-Pseudonym')).toEqual([stack.pseudonymFor(NUMBER)]);
        const callRef = stack.callRefFor(callId);
        expect(headerValues(invite, 'X-Provider-Call-Ref')).toEqual([callRef]);
        // Only the provider can turn the reference back into the caller (emergency escrow).
        expect(await stack.escrowLookup(callRef)).toBe(`sip:${NUMBER}@${stack.domain}`);
        expect(await stack.escrowLookup('0'.repeat(32))).toBeUndefined();

        // Nothing of the caller anywhere in the message, headers or SDP.
        for (const canary of ['4512345678', 'canary', '203.0.113.7', '198.51.100.23', callId]) {
          expect(raw.toLowerCase(), canary).not.toContain(canary.toLowerCase());
        }
        expect(sdpAddresses(invite.body)).toEqual(['127.0.0.1']);
        expect(invite.body).not.toMatch(/^[iuep]=/m);
        await expectTwoWayAudio(caller, counsellor);
      });

      test('the pseudonym is stable per number and differs between numbers', async () => {
        const pseudonym = async (number: string): Promise<string | undefined> =>
          header(await refusedCall(caller, counsellor, { to: 'counsellor1', number }), 'X-Caller-Pseudonym');
        const first = await pseudonym(NUMBER);
        const again = await pseudonym(NUMBER);
        const other = await pseudonym(OTHER_NUMBER);
        expect(first).toMatch(/^[0-9a-f]{64}$/);
        expect(again).toBe(first);
        expect(other).not.toBe(first);
        expect(other).toBe(stack.pseudonymFor(OTHER_NUMBER));
      });
    } else {
      test('everything the caller planted reaches the counsellor', async () => {
        const { invite, callId } = await answeredCall(caller, counsellor, cannedCall);
        expect(header(invite, 'From')).toMatch(/^"Canary Caller" <sip:\+4512345678@/);
        expect(header(invite, 'To')).toMatch(/^"Canary To" </);
        expect(header(invite, 'Call-ID')).toBe(callId);
        for (const [name, value] of Object.entries(planted)) expect(headerValues(invite, name), name).toEqual([value]);
        expect(header(invite, 'User-Agent')).toMatch(/SIP\.js/);
        expect(invite.body).toContain('203.0.113.7');
        expect(invite.body).toMatch(/^s=canary-session$/m);
        expect(invite.body).toMatch(/^o=canaryorigin /m);
        expect(invite.body).toMatch(/^p=\+4512345678$/m);
        await expectTwoWayAudio(caller, counsellor);
      });
    }

    test('helpline rings registered counsellors; the hub can unregister and revoke', async () => {
      // Through the ring group.
      const viaHelpline = await refusedCall(caller, counsellor, { number: NUMBER });
      expect(viaHelpline.startLine).toMatch(/^INVITE /);

      // The hub removes the registration (ul.rm): calls no longer reach it.
      await stack.unregister('counsellor1');
      expect(await stack.registeredAors()).not.toContain('counsellor1');
      const gone = await caller.evaluate((o) => window.tavsCaller.placeCall(o), { to: 'counsellor1', number: NUMBER });
      expect(gone).toMatchObject({ outcome: 'failed', statusCode: 480 });
      expect(await caller.evaluate((o) => window.tavsCaller.placeCall(o), { number: NUMBER })).toMatchObject({
        outcome: 'failed',
        statusCode: 480,
      });

      // ... and revokes the shift's credentials: the account cannot register again.
      const counsellor1 = account(stack, 'counsellor');
      stack.removeAccount(counsellor1.user);
      try {
        const revoked = await counsellor.evaluate((c) => window.tavsCounsellor.register(c), counsellor1);
        expect(revoked).toEqual({ ok: false, statusCode: 403 });
      } finally {
        stack.addAccount({ ...counsellor1, role: 'counsellor' });
      }

      // A credential issued at run time works at once.
      stack.addAccount({ user: 'shift-42', password: 'pw-shift-42', role: 'counsellor' });
      const fresh = { ...account(stack, 'counsellor'), user: 'shift-42', password: 'pw-shift-42' };
      expect(await counsellor.evaluate((c) => window.tavsCounsellor.register(c), fresh)).toEqual({ ok: true, statusCode: 200 });
      const { invite } = await answeredCall(caller, counsellor, { number: NUMBER });
      expect(invite.startLine).toMatch(/^INVITE /);
      await expectTwoWayAudio(caller, counsellor);
    });

    test('per-shift credentials (as the hub issues them) register, take helpline calls, and are counted', async () => {
      const shift = { user: `s${Date.now().toString(16).padStart(16, '0')}`, password: 'pw-per-shift-1' };
      await stack.allowShiftUser(shift.user, shift.password);
      const shiftAccount = { ...account(stack, 'counsellor'), ...shift };
      expect(await counsellor.evaluate((c) => window.tavsCounsellor.register(c), { ...shiftAccount, password: 'wrong' })).toEqual({ ok: false, statusCode: 403 });
      expect(await counsellor.evaluate((c) => window.tavsCounsellor.register(c), shiftAccount)).toEqual({ ok: true, statusCode: 200 });
      expect(await stack.isRegistered(shift.user)).toBe(true);
      expect(await stack.isRegistered('counsellor1')).toBe(false);

      const before = await stack.callFigures();
      // Answered through the helpline (and with media), then one the counsellor declines.
      const { invite } = await answeredCall(caller, counsellor, { number: NUMBER });
      expect(header(invite, 'To')).toMatch(/helpline/);
      await expectTwoWayAudio(caller, counsellor);
      await caller.evaluate(() => window.tavsCaller.hangup());
      await counsellor.evaluate(() => window.tavsCounsellor.waitForEnd());
      await refusedCall(caller, counsellor, { number: NUMBER });
      // A direct call reaches the shift user too, and is no helpline figure.
      await refusedCall(caller, counsellor, { to: shift.user, number: NUMBER });

      // The shift ends: credentials revoked, registration removed; the helpline finds nobody.
      await stack.revokeShiftUser(shift.user);
      await stack.unregister(shift.user);
      expect(await stack.isRegistered(shift.user)).toBe(false);
      expect(await caller.evaluate((o) => window.tavsCaller.placeCall(o), { number: NUMBER })).toMatchObject({ outcome: 'failed', statusCode: 480 });
      expect(await stack.testCall()).toBe(480);
      expect(await counsellor.evaluate((c) => window.tavsCounsellor.register(c), shiftAccount)).toEqual({ ok: false, statusCode: 403 });

      const after = await stack.callFigures();
      expect({ answered: after.answered - before.answered, missed: after.missed - before.missed, waiting: after.waiting }).toEqual({
        answered: 1,
        missed: 3,
        waiting: 0,
      });
    });
  });
}
