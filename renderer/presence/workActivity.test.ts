import { describe, expect, test } from 'vitest';
import { workActivitySchema } from '../../shared/contract/schemas';
import { acceptsNewCalls } from '../store/shiftSlice';
import type { CallPhase } from '../softphone/softphoneState';
import { onShift } from '../testing/fakeTavsApi';
import { combinedActivity, workActivityOf } from './workActivity';


describe('the activity the renderer reports', () => {
  test('follows the call from the first ring to "Klar": ringing, in the call (answering included), wrap-up', () => {
    const phases: Record<CallPhase, string> = {
      idle: 'none',
      ringing: 'ringing',
      connecting: 'in-call',
      active: 'in-call',
      held: 'in-call',
      'wrap-up': 'wrap-up',
    };
    for (const [phase, activity] of Object.entries(phases)) {
      expect(workActivityOf(phase as CallPhase), phase).toBe(activity);
      expect(workActivitySchema.safeParse(workActivityOf(phase as CallPhase)).success).toBe(true);
    }
  });
});

describe('the phone and the chat together', () => {
  test('a ringing or live call comes first; then a chat going on; then either wrap-up; else nothing', () => {
    expect(combinedActivity('ringing', 'in-chat')).toBe('ringing');
    expect(combinedActivity('in-call', 'in-chat')).toBe('in-call');
    expect(combinedActivity('in-call', 'wrap-up')).toBe('in-call');
    expect(combinedActivity('none', 'in-chat')).toBe('in-chat');
    expect(combinedActivity('wrap-up', 'in-chat')).toBe('in-chat');
    expect(combinedActivity('wrap-up', 'none')).toBe('wrap-up');
    expect(combinedActivity('none', 'wrap-up')).toBe('wrap-up');
    expect(combinedActivity('none', 'none')).toBe('none');
  });
});

describe('whether a new call may ring', () => {
  test('yes without a shift (no hub) and on an ordinary shift', () => {
    expect(acceptsNewCalls({ status: 'none' })).toBe(true);
    expect(acceptsNewCalls(onShift)).toBe(true);
    expect(acceptsNewCalls({ ...onShift, ending: true })).toBe(true);
  });

  test('no while a logout waits for the end of the contact, whoever asked for it', () => {
    const supervisor = { commandId: '6f1c1c57-4a43-4f7d-9d1b-2b1d3c7f0a11', by: 'supervisor', mode: 'after-work', reason: 'forgot-logout', note: null } as const;
    expect(acceptsNewCalls({ ...onShift, pendingLogout: supervisor })).toBe(false);
    expect(acceptsNewCalls({ ...onShift, pendingLogout: { commandId: null, by: 'shift-end', mode: 'after-work', reason: null, note: null } })).toBe(false);
  });

  test('no during a pause; yes again when available', () => {
    expect(acceptsNewCalls({ ...onShift, presence: 'away', awayReason: 'break' })).toBe(false);
    expect(acceptsNewCalls({ ...onShift, presence: 'idle' })).toBe(true);
  });
});
