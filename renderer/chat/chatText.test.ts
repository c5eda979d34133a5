import { describe, expect, test } from 'vitest';
import { chatDeskSchema } from '../../shared/contract/schemas';
import { chatErrorCodes, systemNotices } from '../../shared/hub/chatApi';
import { catalogue } from '../i18n/catalogue';
import { chimeLength, chimeNotes, playChime } from './chime';
import { chatErrorKey, deskLinkKey, lastErrorKey, noticeKey, secondsLeft, waitText } from './chatText';
import { newIds } from './useChime';

describe('the chat desk\'s words', () => {
  test('every hub notice, refusal and link state has a text in both languages', () => {
    for (const notice of systemNotices) expect(catalogue.da[noticeKey(notice)], notice).toBeTruthy();
    for (const code of chatErrorCodes) expect(catalogue.en[chatErrorKey(code)], code).toBeTruthy();
    for (const link of chatDeskSchema.shape.link.options) expect(catalogue.da[deskLinkKey(link)], link).toBeTruthy();
  });

  test('a refusal word this version does not know gets the general text, never the word itself', () => {
    expect(lastErrorKey('rate-limited')).toBe('chat.refused.rate-limited');
    expect(lastErrorKey('<img src=x>')).toBe('chat.refused.other');
  });

  test('waits read as m:ss or h:mm:ss, never negative', () => {
    expect(waitText(0)).toBe('0:00');
    expect(waitText(75)).toBe('1:15');
    expect(waitText(3_723)).toBe('1:02:03');
    expect(waitText(-5)).toBe('0:00');
  });

  test('the offer\'s countdown rounds up to whole seconds and stops at zero', () => {
    const at = Date.parse('2026-03-02T10:00:30.000Z');
    expect(secondsLeft('2026-03-02T10:00:30.000Z', at - 29_001)).toBe(30);
    expect(secondsLeft('2026-03-02T10:00:30.000Z', at - 1)).toBe(1);
    expect(secondsLeft('2026-03-02T10:00:30.000Z', at + 5_000)).toBe(0);
    expect(secondsLeft('not a time', at)).toBe(0);
  });
});

describe('chimes', () => {
  test('are short, audible tones, and an emergency sounds different from an offer', () => {
    for (const kind of ['chat-offer', 'alert'] as const) {
      expect(chimeLength(kind), kind).toBeLessThan(1);
      for (const note of chimeNotes(kind)) {
        expect(note.frequency).toBeGreaterThan(200);
        expect(note.frequency).toBeLessThan(4000);
        expect(note.duration).toBeGreaterThan(0.05);
      }
    }
    expect(chimeNotes('alert')).not.toEqual(chimeNotes('chat-offer'));
  });

  test('without Web Audio (no sound device, tests) nothing is thrown: the visible alert is what counts', () => {
    expect(() => playChime('alert')).not.toThrow();
  });

  test('sound for what is new only; something gone and back sounds again', () => {
    const first = newIds(new Set(), ['a']);
    expect(first.fresh).toEqual(['a']);
    const second = newIds(first.seen, ['a', 'b']);
    expect(second.fresh).toEqual(['b']);
    const emptied = newIds(second.seen, []);
    expect(emptied.fresh).toEqual([]);
    expect(newIds(emptied.seen, ['a']).fresh).toEqual(['a']);
  });
});
