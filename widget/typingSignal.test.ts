import { describe, expect, it } from 'vitest';
import { TYPING_IDLE_MS, createTypingSignal } from './typingSignal';

function harness() {
  let now = 0;
  const sent: boolean[] = [];
  let idle: { at: number; run: () => void } | null = null;
  const signal = createTypingSignal(
    (typing) => sent.push(typing),
    (run, ms) => {
      const timer = { at: now + ms, run };
      idle = timer;
      return () => {
        if (idle === timer) idle = null;
      };
    },
    () => now,
  );
  const advance = (ms: number): void => {
    now += ms;
    const due = idle;
    if (due && due.at <= now) {
      idle = null;
      due.run();
    }
  };
  return { signal, sent, advance };
}

describe('the visitor’s typing signal', () => {
  it('sends true once per few seconds while keys are pressed, not once per key', () => {
    const { signal, sent, advance } = harness();
    for (let key = 0; key < 20; key++) {
      signal.input();
      advance(200);
    }
    // 4 s of typing: at 0 s and again at TYPING_RESEND_MS.
    expect(sent).toEqual([true, true]);
  });

  it('sends false when the keys stop for a while, or at once when the message goes', () => {
    const { signal, sent, advance } = harness();
    signal.input();
    advance(TYPING_IDLE_MS);
    expect(sent).toEqual([true, false]);
    signal.input();
    signal.stop();
    signal.stop();
    expect(sent).toEqual([true, false, true, false]);
  });

  it('sends nothing on stop when it never said true', () => {
    const { signal, sent } = harness();
    signal.stop();
    expect(sent).toEqual([]);
  });
});
