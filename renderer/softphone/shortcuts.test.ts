import { describe, expect, test } from 'vitest';
import { mediaKeyActions, mediaKeyCommand, shortcutCommand, shortcutKeys, type KeyPress } from './shortcuts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  repeat: false,
  ...extra,
});

describe('keyboard shortcuts', () => {
  test('F9 answers, F10 declines a ringing call', () => {
    expect(shortcutCommand(press('F9'), 'ringing')).toBe('answer');
    expect(shortcutCommand(press('F10'), 'ringing')).toBe('hangup');
    expect(shortcutCommand(press('F8'), 'ringing')).toBeNull();
  });

  test('in a call F10 hangs up, F8 mutes, F7 holds; F9 does nothing', () => {
    for (const phase of ['active', 'held'] as const) {
      expect(shortcutCommand(press('F10'), phase)).toBe('hangup');
      expect(shortcutCommand(press('F8'), phase)).toBe('toggle-mute');
      expect(shortcutCommand(press('F7'), phase)).toBe('toggle-hold');
      expect(shortcutCommand(press('F9'), phase)).toBeNull();
    }
  });

  test('no call, no shortcut: the key stays with whatever has focus', () => {
    for (const key of Object.values(shortcutKeys)) {
      expect(shortcutCommand(press(key), 'idle')).toBeNull();
      expect(shortcutCommand(press(key), 'wrap-up')).toBeNull();
    }
  });

  test('letters, modified keys and auto-repeat never trigger anything', () => {
    expect(shortcutCommand(press('a'), 'ringing')).toBeNull();
    expect(shortcutCommand(press(' '), 'ringing')).toBeNull();
    expect(shortcutCommand(press('Enter'), 'active')).toBeNull();
    expect(shortcutCommand(press('F9', { ctrlKey: true }), 'ringing')).toBeNull();
    expect(shortcutCommand(press('F9', { altKey: true }), 'ringing')).toBeNull();
    expect(shortcutCommand(press('F9', { shiftKey: true }), 'ringing')).toBeNull();
    expect(shortcutCommand(press('F8', { repeat: true }), 'active')).toBeNull();
  });

  test('the four commands have four different keys, none of them the kiosk’s', () => {
    const keys = Object.values(shortcutKeys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const reserved of ['F5', 'F11', 'F12']) expect(keys).not.toContain(reserved);
  });
});

describe('headset buttons', () => {
  test('play/pause answers a ringing call', () => {
    expect(mediaKeyCommand('play', 'ringing')).toBe('answer');
    expect(mediaKeyCommand('pause', 'ringing')).toBe('answer');
  });

  test('play/pause and stop never end a connected call: the system sends them too', () => {
    for (const action of ['play', 'pause', 'stop'] as const) {
      expect(mediaKeyCommand(action, 'active')).toBeNull();
      expect(mediaKeyCommand(action, 'held')).toBeNull();
    }
  });

  test('hangup and togglemicrophone do what they say', () => {
    expect(mediaKeyCommand('hangup', 'ringing')).toBe('hangup');
    expect(mediaKeyCommand('hangup', 'active')).toBe('hangup');
    expect(mediaKeyCommand('togglemicrophone', 'active')).toBe('toggle-mute');
    expect(mediaKeyCommand('togglemicrophone', 'ringing')).toBeNull();
  });

  test('nothing happens without a call or in wrap-up', () => {
    for (const action of mediaKeyActions) {
      expect(mediaKeyCommand(action, 'idle')).toBeNull();
      expect(mediaKeyCommand(action, 'wrap-up')).toBeNull();
    }
  });
});
