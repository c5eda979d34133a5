import { describe, expect, test } from 'vitest';
import { isTrustedSender } from './senderPolicy';

describe('IPC sender check', () => {
  test('the app UI in its top-level frame is trusted', () => {
    expect(isTrustedSender({ url: 'app://tavs/index.html', isTopLevel: true })).toBe(true);
  });

  test.each([
    ['a subframe of the app', { url: 'app://tavs/index.html', isTopLevel: false }],
    ['another origin', { url: 'https://evil.example/', isTopLevel: true }],
    ['a file URL', { url: 'file:///tmp/x.html', isTopLevel: true }],
    ['a blank frame', { url: 'about:blank', isTopLevel: true }],
    ['a destroyed frame', null],
  ])('%s is not', (_name, frame) => {
    expect(isTrustedSender(frame)).toBe(false);
  });
});
