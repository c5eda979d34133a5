import { describe, expect, it } from 'vitest';
import { chatCloseCodes } from '../shared/hub/chatApi';
import { backoffDelay, closeVerdict } from './reconnectPolicy';

describe('reconnecting after a drop', () => {
  it('waits 1, 2, 4 … s up to 30 s, spread ±20 % so visitors do not return in step', () => {
    expect([1, 2, 3, 4, 5, 6, 12].map((attempt) => backoffDelay(attempt, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffDelay(1, () => 0)).toBe(800);
    expect(backoffDelay(6, () => 0.999999)).toBe(36000);
  });

  it('retries after the network or the hub went away, never after the hub said the conversation is over', () => {
    for (const code of [1000, 1001, 1005, 1006, 1011, 1012, 1013]) expect(closeVerdict(code)).toBe('retry');
    expect(closeVerdict(chatCloseCodes.finished)).toBe('finished');
    expect(closeVerdict(chatCloseCodes.replaced)).toBe('replaced');
    expect(closeVerdict(chatCloseCodes.limited)).toBe('limited');
    expect(closeVerdict(chatCloseCodes.invalidMessage)).toBe('refused');
    expect(closeVerdict(1009)).toBe('refused');
    expect(closeVerdict(4999)).toBe('refused');
  });
});
