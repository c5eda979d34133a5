import { describe, expect, test } from 'vitest';
import { LockTracker, ManualSystemActivity } from './systemActivity';

describe('LockTracker', () => {
  test('locked while the screen is locked or the machine suspended; reports only changes', () => {
    const tracker = new LockTracker();
    expect(tracker.locked).toBe(false);
    expect(tracker.apply('lock-screen')).toBe(true);
    expect(tracker.apply('suspend')).toBe(false);
    // Waking up does not unlock a locked screen.
    expect(tracker.apply('resume')).toBe(false);
    expect(tracker.locked).toBe(true);
    expect(tracker.apply('unlock-screen')).toBe(true);
    expect(tracker.locked).toBe(false);
    expect(tracker.apply('suspend')).toBe(true);
    expect(tracker.apply('resume')).toBe(true);
    expect(tracker.locked).toBe(false);
  });
});

describe('ManualSystemActivity', () => {
  test('passes events to subscribers until they unsubscribe, and reports the time since input', () => {
    const activity = new ManualSystemActivity();
    const seen: string[] = [];
    const unsubscribe = activity.subscribe((event) => seen.push(event));
    activity.emit('lock-screen');
    unsubscribe();
    activity.emit('unlock-screen');
    expect(seen).toEqual(['lock-screen']);
    activity.inputSecondsAgo(400);
    expect(activity.idleSeconds()).toBeGreaterThanOrEqual(400);
  });
});
