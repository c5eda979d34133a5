import { afterEach, describe, expect, test } from 'vitest';
import type { SessionState } from '../../shared/contract/schemas';
import { PresenceLink, type PresenceLinkEvents } from '../hub/presenceLink';
import type { ShiftHub } from '../hub/shiftClient';
import { capturingLogger, waitFor } from '../store/testing/storeTestKit';
import type { LockCause } from './sessionService';
import { ShiftService, type ShiftChat } from './shiftService';
import { ManualSystemActivity } from './systemActivity';

// How a shift drives the chat desk: when the broker may offer chats (`accepting`), that open
// chats and undismissed wrap-ups hold a pending logout, and that every end of the shift ends
// the chat too. The hub is a stub here (its presence socket never connects); the same runs
// against the real hub and broker in integration/chat.

const LOGIN_ID = '3c1f9a2e-7d4b-4e8a-9f10-2b3c4d5e6f70';
const SHIFT_ID = '4d2a0b3f-8e5c-4f9b-8a21-3c4d5e6f7a81';
const COMMAND_ID = '0b5a4f8e-3f55-4a8e-9d1e-2f6f7b1c9a01';

class RecordingChat implements ShiftChat {
  started = 0;
  ended = 0;
  accepting: boolean[] = [];
  current = { live: 0, wrappingUp: 0 };
  startShift(): void {
    this.started++;
  }
  endShift(): void {
    this.ended++;
    this.current = { live: 0, wrappingUp: 0 };
  }
  setAccepting(accepting: boolean): void {
    if (this.accepting.at(-1) !== accepting) this.accepting.push(accepting);
  }
  work(): { live: number; wrappingUp: number } {
    return this.current;
  }
  get now(): boolean | undefined {
    return this.accepting.at(-1);
  }
}

const services: ShiftService[] = [];
afterEach(() => {
  for (const service of services.splice(0)) service.quit();
});

async function onShift() {
  const chat = new RecordingChat();
  const system = new ManualSystemActivity();
  const locks: LockCause[] = [];
  let presenceEvents: PresenceLinkEvents | undefined;
  const log = capturingLogger();
  const hub: ShiftHub = {
    start: () =>
      Promise.resolve({
        ok: true,
        value: {
          loginId: LOGIN_ID,
          shift: { id: SHIFT_ID, startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() },
          sip: null,
          presence: { heartbeatSeconds: 10, idleMinutes: 5, endWarningMinutes: 10 },
        },
      }),
    end: () => Promise.resolve({ ok: true, value: {} }),
    presenceLink: (linkLog, events, options) => {
      presenceEvents = events;
      return new PresenceLink(() => null, linkLog, events, { ...options, backoff: { baseMs: 10_000, capMs: 10_000 } });
    },
    verifySession: () => Promise.resolve(),
    endSession: () => undefined,
  };
  const shifts = new ShiftService(
    hub,
    system,
    { startShift: () => undefined, endShift: () => undefined },
    (cause): SessionState => {
      locks.push(cause);
      return { status: 'locked', ...cause };
    },
    () => undefined,
    log,
    { idlePollMs: 20, clockTickMs: 1_000 },
    chat,
  );
  services.push(shifts);
  expect(await shifts.admit('counsellor')).toEqual({ ok: true, value: {} });
  const supervisorLogout = (mode: 'after-work' | 'now'): void =>
    presenceEvents?.command({ type: 'logout', commandId: COMMAND_ID, mode, reason: 'shift-over', note: null });
  return { shifts, chat, system, locks, supervisorLogout };
}

describe('ShiftService and the chat desk', () => {
  test('the chat link starts with the shift and chats are offered while the counsellor is available', async () => {
    const { chat } = await onShift();
    expect(chat.started).toBe(1);
    expect(chat.now).toBe(true);
  });

  test('away, a locked screen and idleness stop offers; coming back resumes them', async () => {
    const { shifts, chat, system } = await onShift();
    shifts.setAway('break');
    expect(chat.now).toBe(false);
    shifts.setAway(null);
    expect(chat.now).toBe(true);
    system.emit('lock-screen');
    expect(chat.now).toBe(false);
    system.emit('unlock-screen');
    expect(chat.now).toBe(true);
    system.inputSecondsAgo(3_600);
    await waitFor(() => chat.now === false, 'idle');
    system.inputSecondsAgo(0);
    await waitFor(() => chat.now === true, 'active again');
  });

  test('the phone stops offers (ringing, call, its wrap-up); an open chat or a chat wrap-up does not', async () => {
    const { shifts, chat } = await onShift();
    for (const activity of ['ringing', 'in-call', 'wrap-up'] as const) {
      shifts.report(activity);
      expect(chat.now, activity).toBe(false);
    }
    shifts.report('in-chat');
    expect(chat.now).toBe(true);
    // One activity for phone and chat: a wrap-up with a chat's wrap-up on the desk is the chat's.
    chat.current = { live: 0, wrappingUp: 1 };
    shifts.chatChanged();
    shifts.report('wrap-up');
    expect(chat.now).toBe(true);
  });

  test("the desk's chats are the counsellor's presence even before the renderer reports them", async () => {
    const { shifts, chat } = await onShift();
    chat.current = { live: 1, wrappingUp: 0 };
    shifts.chatChanged();
    expect(shifts.view()).toMatchObject({ status: 'on', presence: 'in-chat' });
    chat.current = { live: 0, wrappingUp: 1 };
    shifts.chatChanged();
    expect(shifts.view()).toMatchObject({ presence: 'wrap-up' });
    shifts.report('in-call');
    expect(shifts.view()).toMatchObject({ presence: 'in-call' });
  });

  test("a supervisor's after-work logout waits for open chats and their wrap-ups, offering none meanwhile", async () => {
    const { shifts, chat, locks, supervisorLogout } = await onShift();
    chat.current = { live: 2, wrappingUp: 0 };
    shifts.chatChanged();
    supervisorLogout('after-work');
    expect(chat.now).toBe(false);
    expect(shifts.view()).toMatchObject({ pendingLogout: { by: 'supervisor', mode: 'after-work' } });
    chat.current = { live: 1, wrappingUp: 1 };
    shifts.chatChanged();
    chat.current = { live: 0, wrappingUp: 1 };
    shifts.chatChanged();
    // The renderer's report of a finished call does not end the wait while a chat wrap-up is open.
    shifts.report('none');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(locks).toEqual([]);
    expect(chat.ended).toBe(0);
    chat.current = { live: 0, wrappingUp: 0 };
    shifts.chatChanged();
    await waitFor(() => locks.length === 1, 'locked');
    expect(locks[0]).toEqual({ reason: 'supervisor-logout', logoutReason: 'shift-over' });
    expect(chat.ended).toBe(1);
  });

  test("a logout 'now' ends the chat whatever is open", async () => {
    const { shifts, chat, locks, supervisorLogout } = await onShift();
    chat.current = { live: 2, wrappingUp: 1 };
    shifts.chatChanged();
    supervisorLogout('now');
    await waitFor(() => locks.length === 1, 'locked');
    expect(chat.ended).toBe(1);
    expect(chat.now).toBe(false);
  });

  test("the counsellor's own logout and a lock by the hub end the chat too", async () => {
    const first = await onShift();
    await first.shifts.logout();
    expect(first.chat.ended).toBe(1);
    const second = await onShift();
    second.shifts.onLocked();
    expect(second.chat.ended).toBe(1);
    expect(second.chat.now).toBe(false);
  });
});
