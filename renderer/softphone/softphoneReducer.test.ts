import { describe, expect, test } from 'vitest';
import { reduceSoftphone } from './softphoneReducer';
import { initialSoftphoneState, type SoftphoneEvent, type SoftphoneState } from './softphoneState';

const run = (events: SoftphoneEvent[], from: SoftphoneState = initialSoftphoneState): SoftphoneState =>
  events.reduce(reduceSoftphone, from);

const ringing: SoftphoneEvent = { type: 'incoming', returningContacts: 3, emergencyAvailable: true };
const answered: SoftphoneEvent[] = [ringing, { type: 'answering' }, { type: 'answered', at: 1_000 }];

describe('the call lifecycle', () => {
  test('ringing, answered, hung up by the caller, wrap-up, ready', () => {
    let state = run([ringing]);
    expect(state.call).toMatchObject({ phase: 'ringing', returningContacts: 3, emergencyAvailable: true, startedAt: null });
    state = run([{ type: 'answering' }], state);
    expect(state.call.phase).toBe('connecting');
    state = run([{ type: 'answered', at: 1_000 }], state);
    expect(state.call).toMatchObject({ phase: 'active', startedAt: 1_000 });
    state = run([{ type: 'ended', at: 61_000, by: 'caller' }], state);
    expect(state.call).toMatchObject({ phase: 'wrap-up', startedAt: 1_000, endedAt: 61_000, endedBy: 'caller' });
    state = run([{ type: 'ready' }], state);
    expect(state.call).toEqual(initialSoftphoneState.call);
  });

  test('while ringing, in a call or in wrap-up a second call does not replace the first', () => {
    for (const before of [[ringing], answered, [...answered, { type: 'ended', at: 2, by: 'counsellor' } as const]]) {
      const state = run(before);
      expect(run([{ type: 'incoming', returningContacts: null, emergencyAvailable: false }], state)).toBe(state);
    }
  });

  test('a caller who hangs up before the answer leaves no wrap-up, only a notice', () => {
    const state = run([ringing, { type: 'ended', at: 5, by: 'caller' }]);
    expect(state.call.phase).toBe('idle');
    expect(state.notice).toBe('missed');
  });

  test('declining returns straight to idle without a notice', () => {
    const state = run([ringing, { type: 'ended', at: 5, by: 'counsellor' }]);
    expect(state.call.phase).toBe('idle');
    expect(state.notice).toBeNull();
  });

  test('a failed answer names the microphone problem and ends the alert', () => {
    const state = run([ringing, { type: 'answering' }, { type: 'answer-failed', microphone: 'denied' }]);
    expect(state.call.phase).toBe('idle');
    expect(state.notice).toBe('answer-failed');
    expect(state.microphoneProblem).toBe('denied');
    // A later answer clears the microphone problem.
    expect(run([...answered], state).microphoneProblem).toBeNull();
  });

  test('a connection lost mid-call goes to wrap-up and says so', () => {
    const state = run([...answered, { type: 'ended', at: 9, by: 'network' }]);
    expect(state.call).toMatchObject({ phase: 'wrap-up', endedBy: 'network' });
    expect(state.notice).toBe('call-dropped');
  });

  test('call:info that arrives after the INVITE fills in the badge', () => {
    const state = run([{ type: 'incoming', returningContacts: null, emergencyAvailable: false }, { type: 'call-info', returningContacts: 2, emergencyAvailable: true }]);
    expect(state.call).toMatchObject({ returningContacts: 2, emergencyAvailable: true });
    expect(run([{ type: 'call-info', returningContacts: 2, emergencyAvailable: true }])).toBe(initialSoftphoneState);
  });
});

describe('in-call controls', () => {
  test('hold goes through pending, then held; resume back to active', () => {
    let state = run([...answered, { type: 'hold-requested' }]);
    expect(state.call).toMatchObject({ phase: 'active', holdPending: true });
    state = run([{ type: 'hold-changed', held: true }], state);
    expect(state.call).toMatchObject({ phase: 'held', holdPending: false });
    state = run([{ type: 'hold-requested' }, { type: 'hold-changed', held: false }], state);
    expect(state.call.phase).toBe('active');
  });

  test('a refused hold stays in the call and says so', () => {
    const state = run([...answered, { type: 'hold-requested' }, { type: 'hold-failed' }]);
    expect(state.call).toMatchObject({ phase: 'active', holdPending: false });
    expect(state.notice).toBe('hold-failed');
  });

  test('mute, DTMF and audio stats apply only to a connected call', () => {
    let state = run([...answered, { type: 'muted', muted: true }, { type: 'dtmf-sent', tone: '1' }, { type: 'dtmf-sent', tone: '#' }]);
    state = run([{ type: 'audio-stats', flow: { packetsReceived: 50, packetsSent: 48 } }], state);
    expect(state.call).toMatchObject({ muted: true, dtmfSent: '1#', audio: { packetsReceived: 50, packetsSent: 48 } });
    const idle = run([{ type: 'muted', muted: true }, { type: 'dtmf-sent', tone: '1' }, { type: 'audio-stats', flow: { packetsReceived: 1, packetsSent: 1 } }]);
    expect(idle).toBe(initialSoftphoneState);
  });

  test('late results after the call ended change nothing', () => {
    const ended = run([...answered, { type: 'hold-requested' }, { type: 'ended', at: 5, by: 'caller' }]);
    expect(ended.call).toMatchObject({ phase: 'wrap-up', holdPending: false, muted: false });
    for (const late of [
      { type: 'hold-changed', held: true },
      { type: 'answered', at: 9 },
      { type: 'audio-stats', flow: { packetsReceived: 1, packetsSent: 1 } },
    ] as const) {
      expect(reduceSoftphone(ended, late)).toBe(ended);
    }
  });
});

describe('the emergency flag', () => {
  test('can be raised during the call and in wrap-up; the reference stays until ready', () => {
    let state = run([...answered, { type: 'emergency-pending' }]);
    expect(state.call.emergency).toBe('pending');
    state = run([{ type: 'emergency-flagged', reference: 'NØD-7' }, { type: 'ended', at: 3, by: 'caller' }], state);
    expect(state.call).toMatchObject({ phase: 'wrap-up', emergency: 'flagged', emergencyReference: 'NØD-7' });
    state = run([{ type: 'ready' }], state);
    expect(state.call.emergencyReference).toBeNull();

    const afterwards = run([...answered, { type: 'ended', at: 3, by: 'caller' }, { type: 'emergency-pending' }]);
    expect(afterwards.call.emergency).toBe('pending');
  });

  test('a failure says so and keeps an earlier reference', () => {
    const state = run([...answered, { type: 'emergency-pending' }, { type: 'emergency-failed' }]);
    expect(state.call.emergency).toBe('none');
    expect(state.notice).toBe('emergency-failed');
    const again = run([...answered, { type: 'emergency-flagged', reference: 'A' }, { type: 'emergency-pending' }, { type: 'emergency-failed' }]);
    expect(again.call).toMatchObject({ emergency: 'flagged', emergencyReference: 'A' });
  });

  test('not while ringing or idle', () => {
    expect(run([ringing, { type: 'emergency-pending' }]).call.emergency).toBe('none');
    expect(run([{ type: 'emergency-flagged', reference: 'x' }])).toBe(initialSoftphoneState);
  });
});

describe('registration, notices and devices', () => {
  test('retryAt only while retrying; the problem persists until cleared', () => {
    let state = run([{ type: 'registration', state: 'retrying', problem: 'server-unreachable', retryAt: 5_000 }]);
    expect(state).toMatchObject({ registration: 'retrying', registrationProblem: 'server-unreachable', retryAt: 5_000 });
    state = run([{ type: 'registration', state: 'connecting' }], state);
    expect(state).toMatchObject({ registration: 'connecting', registrationProblem: 'server-unreachable', retryAt: null });
    state = run([{ type: 'registration', state: 'registered', problem: null }], state);
    expect(state).toMatchObject({ registration: 'registered', registrationProblem: null });
  });

  test('a refused call is a notice that can be dismissed; a new call clears it', () => {
    let state = run([{ type: 'refused', reason: 'no-media-server' }]);
    expect(state.notice).toBe('refused-no-media-server');
    expect(run([{ type: 'notice-dismissed' }], state).notice).toBeNull();
    state = run([ringing], state);
    expect(state.notice).toBeNull();
  });

  test('an unplugged chosen device falls back to the system default', () => {
    let state = run([
      { type: 'devices', inputs: [{ id: 'a', label: 'Headset' }], outputs: [{ id: 'o', label: 'Speaker' }], canChooseOutput: true },
      { type: 'device-selected', kind: 'input', id: 'a' },
      { type: 'device-selected', kind: 'output', id: 'o' },
    ]);
    expect(state.devices).toMatchObject({ inputId: 'a', outputId: 'o' });
    state = run([{ type: 'devices', inputs: [{ id: 'b', label: 'Laptop' }], outputs: [{ id: 'o', label: 'Speaker' }], canChooseOutput: true }], state);
    expect(state.devices).toMatchObject({ inputId: null, outputId: 'o' });
  });

  test('the level stays within 0..1 and drops to 0 when the test stops', () => {
    expect(run([{ type: 'mic-level', level: 3 }]).micLevel).toBe(1);
    expect(run([{ type: 'mic-level', level: -1 }]).micLevel).toBe(0);
    expect(run([{ type: 'mic-test', on: true }, { type: 'mic-level', level: 0.5 }, { type: 'mic-test', on: false }]).micLevel).toBe(0);
  });
});
