import { describe, expect, it } from 'vitest';
import { chatPageUrl, embedOptions, opensInTab, quickExitTarget } from './embedOptions';
import { QUICK_EXIT_MESSAGE_TYPE } from './quickExit';

describe('the embed script’s data- attributes', () => {
  it('defaults to a Danish button in the right corner that opens a panel on wide screens and a tab on small ones', () => {
    const options = embedOptions({});
    expect(options).toEqual({ locale: 'da', label: 'Chat anonymt', position: 'right', open: 'auto' });
    expect(opensInTab(options, 1024)).toBe(false);
    expect(opensInTab(options, 375)).toBe(true);
  });

  it('takes the language, a label (trimmed, at most 40 characters), the corner and the way to open', () => {
    expect(embedOptions({ lang: 'en' }).label).toBe('Chat anonymously');
    expect(embedOptions({ label: `  ${'x'.repeat(60)} ` }).label).toBe('x'.repeat(40));
    expect(embedOptions({ label: '   ' }).label).toBe('Chat anonymt');
    expect(embedOptions({ position: 'left', open: 'tab' })).toMatchObject({ position: 'left', open: 'tab' });
    expect(opensInTab(embedOptions({ open: 'frame' }), 320)).toBe(false);
    expect(embedOptions({ position: 'top', open: 'popup', lang: 'de' })).toMatchObject({ position: 'right', open: 'auto', locale: 'da' });
  });

  it('finds the page next to the script, in the script’s language', () => {
    expect(chatPageUrl('https://hub.example/chat/embed.js', '/chat', 'da').href).toBe('https://hub.example/chat');
    expect(chatPageUrl('https://hub.example/chat/embed.js', '/chat', 'en').href).toBe('https://hub.example/chat?lang=en');
  });

  it('follows a quick-exit message only to an http(s) address', () => {
    expect(quickExitTarget({ type: QUICK_EXIT_MESSAGE_TYPE, url: 'https://www.dr.dk/' }, QUICK_EXIT_MESSAGE_TYPE)).toBe('https://www.dr.dk/');
    expect(quickExitTarget({ type: QUICK_EXIT_MESSAGE_TYPE, url: 'javascript:alert(1)' }, QUICK_EXIT_MESSAGE_TYPE)).toBeNull();
    expect(quickExitTarget({ type: 'other', url: 'https://www.dr.dk/' }, QUICK_EXIT_MESSAGE_TYPE)).toBeNull();
    expect(quickExitTarget('https://www.dr.dk/', QUICK_EXIT_MESSAGE_TYPE)).toBeNull();
  });
});
