import { describe, expect, test } from 'vitest';
import { TYPING_IDLE_MS, TYPING_REFRESH_MS, TypingSignal } from './typingSignal';

describe('the typing signal to the visitor', () => {
  test('says "typing" on the first keystroke and repeats it only every few seconds while typing goes on', () => {
    const signal = new TypingSignal();
    const sent: Array<boolean | null> = [];
    for (let at = 1_000; at <= 1_000 + 2 * TYPING_REFRESH_MS; at += 500) sent.push(signal.input(at, false));
    expect(sent.filter((value) => value === true)).toHaveLength(3);
    expect(sent.filter((value) => value === false)).toHaveLength(0);
    expect(sent[0]).toBe(true);
  });

  test('says "stopped" once after a pause, not before, and nothing more after that', () => {
    const signal = new TypingSignal();
    signal.input(1_000, false);
    expect(signal.tick(1_000 + TYPING_IDLE_MS - 1)).toBeNull();
    expect(signal.tick(1_000 + TYPING_IDLE_MS)).toBe(false);
    expect(signal.tick(1_000 + 2 * TYPING_IDLE_MS)).toBeNull();
    expect(signal.isTyping).toBe(false);
  });

  test('says "stopped" when the composer is emptied or the message sent, and "typing" again on the next keystroke', () => {
    const signal = new TypingSignal();
    expect(signal.input(0, true)).toBeNull();
    expect(signal.input(10, false)).toBe(true);
    expect(signal.input(20, true)).toBe(false);
    expect(signal.input(30, false)).toBe(true);
    expect(signal.stop()).toBe(false);
    expect(signal.stop()).toBeNull();
    expect(signal.input(40, false)).toBe(true);
  });
});
