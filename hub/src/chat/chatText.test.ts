import { describe, expect, it } from 'vitest';
import { cleanChatText } from './chatText';

describe('chat text', () => {
  it('strips control characters but newline and tab, and the bidi overrides and isolates', () => {
    const controls = Array.from({ length: 32 }, (_, n) => String.fromCharCode(n)).join('') + '\u007F' + Array.from({ length: 32 }, (_, n) => String.fromCharCode(0x80 + n)).join('');
    // \r on its own is a line end too.
    expect(cleanChatText(`a${controls}b`, 100)).toEqual({ ok: true, text: 'a\t\n\nb' });
    expect(cleanChatText('\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee\u2066f\u2067g\u2068h\u2069', 100)).toEqual({ ok: true, text: 'abcdefgh' });
    // Marks that only hint at direction stay: Arabic and Hebrew text needs them.
    expect(cleanChatText('\u200Fשלום\u200E', 100)).toEqual({ ok: true, text: '\u200Fשלום\u200E' });
  });

  it('normalises line ends and to NFC, and trims', () => {
    expect(cleanChatText('  en\r\nto\rtre\n  ', 100)).toEqual({ ok: true, text: 'en\nto\ntre' });
    expect(cleanChatText('Ae\u0301', 100)).toEqual({ ok: true, text: 'A\u00E9' });
    expect(cleanChatText('\uD800x\uDC00', 100)).toEqual({ ok: true, text: '\uFFFDx\uFFFD' });
    expect(cleanChatText('😀', 100)).toEqual({ ok: true, text: '😀' });
  });

  it('leaves markup as the text it is (the receiver renders text, never HTML)', () => {
    expect(cleanChatText('<img src=x onerror=alert(1)> **fed**', 100)).toEqual({ ok: true, text: '<img src=x onerror=alert(1)> **fed**' });
  });

  it('refuses what is empty once cleaned, and what is longer than the limit after cleaning', () => {
    expect(cleanChatText(' \u0000\u202E\r\n\t ', 100)).toEqual({ ok: false, code: 'invalid-message' });
    expect(cleanChatText('x'.repeat(101), 100)).toEqual({ ok: false, code: 'message-too-large' });
    expect(cleanChatText(`${'x'.repeat(100)}\u0000\u0000`, 100)).toEqual({ ok: true, text: 'x'.repeat(100) });
  });
});
