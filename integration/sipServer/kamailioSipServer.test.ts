import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { KamailioSipServer } from '../../hub/src/sip/kamailioSipServer';
import { SipServerError } from '../../hub/src/sip/sipServer';
import { startSipStack, type SipProfile, type SipStack } from '../../e2e/sip/sipStack';
import type { UdpSipAgent } from '../../e2e/sip/udpAgent';

// The hub's SipServer against a real Kamailio with the project's config (issue 7 point 5): the
// per-shift credentials it writes let exactly that user register, revoking them refuses the next
// REGISTER, unregistering stops the helpline ringing, and the call figures count what happened.
// Phones are UDP user agents (e2e/sip/udpAgent.ts); the caller is the stack's gateway account.

const agents: UdpSipAgent[] = [];
/** Shift users a test allowed: revoked and unregistered after it, so no closed phone stays registered and rings. */
const allowed: Array<{ sip: KamailioSipServer; user: string }> = [];

afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
  for (const { sip, user } of allowed.splice(0)) {
    await sip.revoke(user);
    await sip.unregister(user);
  }
});

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function ha1(user: string, realm: string, password: string): string {
  return createHash('md5').update(`${user}:${realm}:${password}`).digest('hex');
}

/** A per-shift account as the hub makes one (`s` + 16 hex, a random password), allowed at `sip`. */
async function allowShiftAccount(sip: KamailioSipServer): Promise<{ user: string; password: string }> {
  const account = { user: `s${randomBytes(8).toString('hex')}`, password: randomBytes(12).toString('base64url') };
  allowed.push({ sip, user: account.user });
  await sip.allow(account.user, ha1(account.user, sip.realm, account.password));
  return account;
}

async function stackFor(profile: SipProfile): Promise<{ stack: SipStack; sip: KamailioSipServer }> {
  const stack = await startSipStack({ profile, workDir: fs.mkdtempSync(path.join(os.tmpdir(), `tavs-sipserver-${profile}-`)) });
  return { stack, sip: new KamailioSipServer({ rpcUrl: stack.jsonrpcUrl, realm: stack.domain }) };
}

async function agent(stack: SipStack, credential: { user: string; password: string }): Promise<UdpSipAgent> {
  const opened = await stack.udpAgent(credential);
  agents.push(opened);
  return opened;
}

/** The figures' change while `run` runs (other tests in the file counted calls before). */
async function figuresDuring(sip: KamailioSipServer, run: () => Promise<void>): Promise<{ answered: number; missed: number }> {
  const before = await sip.callFigures(today());
  await run();
  const after = await sip.callFigures(today());
  return { answered: after.answered - before.answered, missed: after.missed - before.missed };
}

describe('the hub\'s SipServer on Kamailio (leaky profile)', () => {
  let stack: SipStack;
  let sip: KamailioSipServer;

  beforeAll(async () => {
    ({ stack, sip } = await stackFor('leaky'));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  test('allow: the shift user registers with its password, only as itself', async () => {
    const account = await allowShiftAccount(sip);
    await sip.allow(account.user, ha1(account.user, sip.realm, account.password)); // idempotent

    expect(await (await agent(stack, { ...account, password: 'wrong' })).register()).toBe(403);
    expect(await sip.isRegistered(account.user)).toBe(false);

    expect(await (await agent(stack, account)).register()).toBe(200);
    expect(await sip.isRegistered(account.user)).toBe(true);
    expect(await stack.registeredAors()).toContain(account.user);

    // Its credentials for another AOR: the auth user must be the To user.
    const other = await allowShiftAccount(sip);
    expect(await (await agent(stack, account)).register(600, other.user)).toBe(403);
    expect(await sip.isRegistered(other.user)).toBe(false);
  });

  test('the static accounts still authenticate against the subscriber table', async () => {
    expect(await (await agent(stack, stack.counsellors[1]!)).register()).toBe(200);
    expect(await (await agent(stack, { ...stack.counsellors[1]!, password: 'wrong' })).register()).toBe(403);
    // The gateway account may call but not register.
    expect(await (await agent(stack, stack.callers[0]!)).register()).toBe(403);
    await sip.unregister(stack.counsellors[1]!.user);
  });

  test('revoke: the next REGISTER is refused; revoking again is fine', async () => {
    const account = await allowShiftAccount(sip);
    const phone = await agent(stack, account);
    expect(await phone.register()).toBe(200);

    await sip.revoke(account.user);
    await sip.revoke(account.user);
    expect(await phone.register()).toBe(403);
    // Revoking leaves the registration (the hub unregisters as well).
    expect(await sip.isRegistered(account.user)).toBe(true);
    await sip.unregister(account.user);
    expect(await sip.isRegistered(account.user)).toBe(false);
  });

  test('unregister: the helpline finds nobody (480, a missed call); unregistering again is fine', async () => {
    const account = await allowShiftAccount(sip);
    const phone = await agent(stack, account);
    expect(await phone.register()).toBe(200);
    let rang = 0;
    phone.onInvite = (call) => {
      rang++;
      call.reject(486);
    };

    await sip.unregister(account.user);
    await sip.unregister(account.user);
    expect(await sip.isRegistered(account.user)).toBe(false);
    const change = await figuresDuring(sip, async () => {
      expect(await stack.testCall()).toBe(480);
      // A direct call to the shift user finds no registration either (and is no helpline call).
      expect(await stack.testCall({ to: account.user })).toBe(480);
    });
    expect(change).toEqual({ answered: 0, missed: 1 });
    expect(rang).toBe(0);
  });

  test('call figures: ringing calls wait; answered, declined and cancelled calls are counted once', async () => {
    const first = await allowShiftAccount(sip);
    const second = await allowShiftAccount(sip);
    const phones: UdpSipAgent[] = [];
    for (const account of [first, second]) {
      const phone = await agent(stack, account);
      expect(await phone.register()).toBe(200);
      phones.push(phone);
    }
    const gateway = await agent(stack, stack.callers[0]!);

    const change = await figuresDuring(sip, async () => {
      // Both ring; one declines, the other answers: one answered call.
      phones[0]!.onInvite = (call) => call.reject(486);
      phones[1]!.onInvite = (call) => setTimeout(() => call.answer(), 200);
      const answered = gateway.call('helpline', '+4512345678');
      await answered.progress;
      expect((await sip.callFigures(today())).waiting).toBe(1);
      expect(await answered.final).toBe(200);
      expect((await sip.callFigures(today())).waiting).toBe(0);
      expect(await answered.hangup()).toBe(200);

      // Nobody answers and the caller gives up (487): missed.
      phones[0]!.onInvite = () => undefined;
      phones[1]!.onInvite = () => undefined;
      const abandoned = gateway.call('helpline', '+4512345678');
      expect(await abandoned.progress).toBe(180);
      expect((await sip.callFigures(today())).waiting).toBe(1);
      await abandoned.cancel();
      expect(await abandoned.final).toBe(487);

      // Everybody declines: missed.
      phones[0]!.onInvite = (call) => call.reject(486);
      phones[1]!.onInvite = (call) => call.reject(603);
      expect(await gateway.call('helpline', '+4512345678').final).toBeGreaterThanOrEqual(400);

      // A direct call to a shift user reaches it, and is not a helpline figure.
      phones[0]!.onInvite = (call) => call.answer();
      const direct = gateway.call(first.user, '+4512345678');
      expect(await direct.final).toBe(200);
      await direct.hangup();
    });
    expect(change).toEqual({ answered: 1, missed: 2 });
    expect((await sip.callFigures(today())).waiting).toBe(0);

    // After the shift: revoked and unregistered, the user is unknown to direct calls.
    await sip.revoke(first.user);
    await sip.unregister(first.user);
    expect(await stack.testCall({ to: first.user })).toBe(404);
  });

  test('a day without calls has zero figures', async () => {
    expect(await sip.callFigures('2001-01-01')).toEqual({ waiting: 0, answered: 0, missed: 0 });
  });

  test('Kamailio refusing the request (not its JSON-RPC path) is a SipServerError', async () => {
    const wrongPath = new KamailioSipServer({ rpcUrl: stack.jsonrpcUrl.replace(/\/RPC$/, '/elsewhere'), realm: stack.domain });
    const attempt = wrongPath.allow('s0123456789abcdef', 'b'.repeat(32));
    await expect(attempt).rejects.toBeInstanceOf(SipServerError);
    await expect(attempt).rejects.toThrow('Kamailio JSON-RPC htable.sets: no answer HTTP 403 without a JSON-RPC answer');
  });
});

describe('the hub\'s SipServer on Kamailio (anonymising profile)', () => {
  let stack: SipStack;
  let sip: KamailioSipServer;

  beforeAll(async () => {
    ({ stack, sip } = await stackFor('anonymising'));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  test('a shift user takes a helpline call through the media-anchoring reply route; it is counted', async () => {
    const account = await allowShiftAccount(sip);
    const phone = await agent(stack, account);
    expect(await phone.register()).toBe(200);
    phone.onInvite = (call) => call.answer();

    const change = await figuresDuring(sip, async () => {
      const gateway = await agent(stack, stack.callers[0]!);
      const call = gateway.call('helpline', '+4512345678');
      expect(await call.final).toBe(200);
      expect(await call.hangup()).toBe(200);
      await sip.unregister(account.user);
      expect(await stack.testCall()).toBe(480);
    });
    expect(change).toEqual({ answered: 1, missed: 1 });
  });
});
