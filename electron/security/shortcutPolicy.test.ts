import { describe, expect, test } from 'vitest';
import { isBlockedShortcut, type KeyInput } from './shortcutPolicy';

const key = (k: string, modifiers: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key: k,
  control: false,
  meta: false,
  shift: false,
  alt: false,
  ...modifiers,
});
const production = { development: false };
const development = { development: true };

describe('swallowed shortcuts in production', () => {
  test.each([
    ['reload Ctrl+R', key('r', { control: true })],
    ['hard reload Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['reload F5', key('F5')],
    ['devtools F12', key('F12')],
    ['devtools Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['console Ctrl+Shift+J', key('J', { control: true, shift: true })],
    ['inspect Ctrl+Shift+C', key('C', { control: true, shift: true })],
    ['devtools Cmd+Shift+I', key('i', { meta: true, shift: true })],
    ['zoom in Ctrl++', key('+', { control: true })],
    ['zoom in Ctrl+=', key('=', { control: true })],
    ['zoom out Ctrl+-', key('-', { control: true })],
    ['zoom reset Ctrl+0', key('0', { control: true })],
    ['print Ctrl+P', key('p', { control: true })],
    ['save Ctrl+S', key('s', { control: true })],
    ['view source Ctrl+U', key('u', { control: true })],
    ['new window Ctrl+N', key('n', { control: true })],
    ['close Ctrl+W', key('w', { control: true })],
    ['fullscreen toggle F11', key('F11')],
  ])('%s', (_name, input) => {
    expect(isBlockedShortcut(input, production)).toBe(true);
  });
});

describe('shortcuts that stay', () => {
  test.each([
    ['typing', key('a')],
    ['copy Ctrl+C', key('c', { control: true })],
    ['paste Ctrl+V', key('v', { control: true })],
    ['select all Ctrl+A', key('a', { control: true })],
    ['undo Ctrl+Z', key('z', { control: true })],
    ['Tab', key('Tab')],
    ['Enter', key('Enter')],
  ])('%s', (_name, input) => {
    expect(isBlockedShortcut(input, production)).toBe(false);
  });

  test('key-up events are never blocked', () => {
    expect(isBlockedShortcut({ ...key('F12'), type: 'keyUp' }, production)).toBe(false);
  });

  test('development keeps devtools and reload, still blocks zoom', () => {
    expect(isBlockedShortcut(key('F12'), development)).toBe(false);
    expect(isBlockedShortcut(key('I', { control: true, shift: true }), development)).toBe(false);
    expect(isBlockedShortcut(key('r', { control: true }), development)).toBe(false);
    expect(isBlockedShortcut(key('+', { control: true }), development)).toBe(true);
  });
});
