/**
 * The visitor's "typing" signal to the counsellor: `true` at most every few seconds while keys
 * are pressed, `false` once they stop for a while or the message is sent. One frame per
 * keystroke would flood the hub's rate limits and tell the counsellor nothing more.
 */
export const TYPING_RESEND_MS = 3_000;
export const TYPING_IDLE_MS = 5_000;

export type Schedule = (run: () => void, ms: number) => () => void;

export interface TypingSignal {
  /** A key was pressed in the message box. */
  input(): void;
  /** The message was sent, the box emptied or the conversation left: send `false` if `true` was last. */
  stop(): void;
}

export function createTypingSignal(send: (typing: boolean) => void, schedule: Schedule, now: () => number): TypingSignal {
  let typing = false;
  let lastSent = -Infinity;
  let cancelIdle: (() => void) | null = null;
  const stop = (): void => {
    cancelIdle?.();
    cancelIdle = null;
    if (!typing) return;
    typing = false;
    lastSent = -Infinity;
    send(false);
  };
  return {
    input() {
      if (!typing || now() - lastSent >= TYPING_RESEND_MS) {
        typing = true;
        lastSent = now();
        send(true);
      }
      cancelIdle?.();
      cancelIdle = schedule(stop, TYPING_IDLE_MS);
    },
    stop,
  };
}
