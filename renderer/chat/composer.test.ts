import { describe, expect, test } from 'vitest';
import { CHAT_TEXT_MAX_CHARS } from '../../shared/hub/chatApi';
import { composerKeyAction, composerState, insertReply, messageLimit, nearLimit, newClientId, type ComposerKey } from './composer';

const key = (change: Partial<ComposerKey>): ComposerKey => ({ key: 'Enter', shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, isComposing: false, ...change });

describe('the composer\'s limit', () => {
  test('is the policy\'s, never above the protocol\'s, and the protocol\'s before the link has said', () => {
    expect(messageLimit(2000)).toBe(2000);
    expect(messageLimit(100_000)).toBe(CHAT_TEXT_MAX_CHARS);
    expect(messageLimit(0)).toBe(CHAT_TEXT_MAX_CHARS);
  });

  test('counts what would be sent (trimmed) and refuses empty, too long, or offline', () => {
    expect(composerState('  hej  ', 2000, true)).toEqual({ length: 3, limit: 2000, tooLong: false, canSend: true });
    expect(composerState(' \n ', 2000, true).canSend).toBe(false);
    expect(composerState('hej', 2000, false).canSend).toBe(false);
    const exactly = composerState('x'.repeat(100), 100, true);
    expect(exactly).toMatchObject({ tooLong: false, canSend: true });
    expect(composerState('x'.repeat(101), 100, true)).toMatchObject({ length: 101, tooLong: true, canSend: false });
  });

  test('warns from 90 % of the limit', () => {
    expect(nearLimit(composerState('x'.repeat(89), 100, true))).toBe(false);
    expect(nearLimit(composerState('x'.repeat(90), 100, true))).toBe(true);
  });
});

describe('keys in the composer', () => {
  test('Enter sends; Shift+Enter (or another modifier) is a new line; Enter that confirms an input method does not send', () => {
    expect(composerKeyAction(key({}))).toBe('send');
    expect(composerKeyAction(key({ shiftKey: true }))).toBeNull();
    expect(composerKeyAction(key({ ctrlKey: true }))).toBeNull();
    expect(composerKeyAction(key({ altKey: true }))).toBeNull();
    expect(composerKeyAction(key({ isComposing: true }))).toBeNull();
    expect(composerKeyAction(key({ key: 'a' }))).toBeNull();
  });
});

describe('a canned reply goes in at the cursor', () => {
  test('into an empty composer as it is, the cursor after it', () => {
    expect(insertReply('', 'Hej', 0, 0)).toEqual({ text: 'Hej', cursor: 3 });
  });

  test('with a space where it would run into the words around it', () => {
    expect(insertReply('Tak.Vi ses', 'Hej', 4, 4)).toEqual({ text: 'Tak. Hej Vi ses', cursor: 8 });
    expect(insertReply('Tak. ', 'Hej', 5, 5)).toEqual({ text: 'Tak. Hej', cursor: 8 });
  });

  test('in place of a selection; an out-of-range cursor means the end', () => {
    expect(insertReply('Hej XXX!', 'med dig', 4, 7)).toEqual({ text: 'Hej med dig !', cursor: 11 });
    expect(insertReply('Hej', 'igen', 99, 99)).toEqual({ text: 'Hej igen', cursor: 8 });
  });
});

test('client ids are fresh and fit the contract\'s pattern', () => {
  const first = newClientId();
  expect(first).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  expect(newClientId()).not.toBe(first);
});
