import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KamailioSipServer } from '../../hub/src/sip/kamailioSipServer';
import { softphoneSettingsSchema } from '../../electron/sip/softphoneSettings';
import { rendererRegister, rendererResponse } from '../../electron/sip/testing/sipFixtures';
import { requireKeychain, waitFor } from '../../electron/store/testing/storeTestKit';
import { startSipStack, type SipStack } from '../../e2e/sip/sipStack';
import type { HubUnderTest } from '../testing/hubUnderTest';
import type { WorkstationUnderTest } from '../testing/workstationUnderTest';
import { boardShows, disposeWorkstationsAfterEach, lockedState, loggedIn, shiftLogins, shiftWorkstation, startShiftHub } from './shiftTestKit';

// The shift's own SIP credentials on a real Kamailio (issue 7 points 1 and 5; invariant I6): the
// hub writes them to Kamailio at the shift login, the workstation's relay registers with them
// (the renderer's REGISTER names only LOCAL_AOR), new calls are declined while a logout waits,
// and after the logout Kamailio neither knows the credentials nor routes a call to the workstation.

let sip: SipStack;
let hub: HubUnderTest;
let workDir: string;

beforeAll(async () => {
  await requireKeychain();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-shift-sip-'));
  sip = await startSipStack({ profile: 'anonymising', workDir, counsellors: [] });
  hub = await startShiftHub({ hub: { sip: new KamailioSipServer({ rpcUrl: sip.jsonrpcUrl, realm: sip.domain }) } });
}, 60_000);

disposeWorkstationsAfterEach();

afterAll(async () => {
  await hub?.close();
  await sip?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** A counsellor's workstation whose softphone settings name no SIP user: only a shift brings one. */
async function counsellorStation(): Promise<{ station: WorkstationUnderTest; userId: string; sipUser: string }> {
  const softphone = softphoneSettingsSchema.parse({ wsUrl: sip.wsUrl, aor: { domain: sip.domain }, mediaServers: ['127.0.0.0/8'] });
  const station = await shiftWorkstation(hub, { softphone });
  const user = await hub.user('counsellor');
  await loggedIn(station, user);
  const sipUser = (await shiftLogins(hub, user.id))[0]?.sip_username ?? '';
  expect(sipUser).toMatch(/^s[0-9a-f]{16}$/);
  return { station, userId: user.id, sipUser };
}

/** Registers the way the renderer does (as LOCAL_AOR) and waits for the 200. */
async function register(station: WorkstationUnderTest): Promise<void> {
  expect(await station.call('sip:connect', {})).toMatchObject({ ok: true });
  expect(await station.call('sip:send', { message: rendererRegister() })).toMatchObject({ ok: true });
  await waitFor(() => station.pushed('sip:message').some(({ message }) => /^SIP\/2\.0 200 /.test(message) && /REGISTER/.test(message)), 'the 200 to the REGISTER');
}

describe('per-shift SIP credentials on Kamailio', () => {
  test("the workstation registers as the shift's user; the renderer never sees that name", async () => {
    const { station, sipUser } = await counsellorStation();
    await register(station);
    expect(await sip.isRegistered(sipUser)).toBe(true);
    expect(JSON.stringify(station.events)).not.toContain(sipUser);
    expect(station.log.text()).not.toContain(sipUser);
    // A helpline call reaches it; the "renderer" answers busy, and the caller hears that.
    const call = sip.testCall({ ringMs: 10_000 });
    await waitFor(() => station.pushed('sip:message').some(({ message }) => message.startsWith('INVITE ')), 'the call at the workstation');
    const invite = station.pushed('sip:message').find(({ message }) => message.startsWith('INVITE '))?.message ?? '';
    expect(await station.call('sip:send', { message: rendererResponse(invite, 486, { toTag: 'busy1' }) })).toMatchObject({ ok: true });
    expect(await call).toBe(486);
  }, 40_000);

  test('while a logout waits for the end of a call, a new call is declined; after it, the workstation is unregistered and its credentials are gone', async () => {
    const { station, userId, sipUser } = await counsellorStation();
    const supervisor = await shiftWorkstation(hub);
    await loggedIn(supervisor, await hub.user('supervisor'));
    await register(station);
    await station.call('presence:report', { activity: 'in-call' });
    await boardShows(supervisor, userId, 'in-call');
    await supervisor.call('board:logout', { userId, reason: 'shift-over', note: null, mode: 'after-work' });
    await waitFor(() => station.pushed('shift:changed').some((view) => view.status === 'on' && view.pendingLogout !== null), 'the pending logout');

    // The only registered phone declines: the caller hears that nobody is available.
    expect(await sip.testCall({ ringMs: 3_000 })).toBe(480);
    expect(station.log.text()).toContain('new call declined: logout pending');
    expect(station.pushed('call:info')).toEqual([]);

    await station.call('presence:report', { activity: 'none' });
    await lockedState(station, 'the logout after the call');
    await station.workstation.settled();
    expect(await sip.isRegistered(sipUser)).toBe(false);
    const credentials = await sip.rpc<unknown>('htable.dump', ['shiftcreds']);
    expect(JSON.stringify(credentials)).not.toContain(sipUser);
    expect(await sip.testCall({ ringMs: 1_500 })).toBe(480);
    expect(await station.call('sip:connect', {})).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
  }, 40_000);
});
