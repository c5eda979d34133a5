import { describe, expect, it } from 'vitest';
import { DOUBLE_ESCAPE_MS, createDoubleEscape, runQuickExit, safeExitUrl } from './quickExit';

describe('quick exit', () => {
  it('runs every step in order and leaves even when earlier steps throw', () => {
    const done: string[] = [];
    const failing = (name: string) => () => {
      done.push(name);
      throw new Error(name);
    };
    runQuickExit('https://www.dr.dk/', {
      leaveConversation: failing('leave'),
      wipeStorage: failing('wipe'),
      clearPage: failing('clear'),
      tellEmbedder: (url) => done.push(`tell ${url}`),
      replaceLocation: (url) => done.push(`replace ${url}`),
    });
    expect(done).toEqual(['leave', 'wipe', 'clear', 'tell https://www.dr.dk/', 'replace https://www.dr.dk/']);
  });

  it('goes only to an http(s) address (a javascript: URL would run in the page)', () => {
    expect(safeExitUrl('https://www.dr.dk/')).toBe('https://www.dr.dk/');
    expect(safeExitUrl('http://example.test/a?b=1')).toBe('http://example.test/a?b=1');
    expect(safeExitUrl('javascript:alert(1)')).toBe('about:blank');
    expect(safeExitUrl('not a url')).toBe('about:blank');
    expect(safeExitUrl(undefined)).toBe('about:blank');
  });

  it('takes Escape twice within a second, not once, not slowly, not with another key between', () => {
    let now = 0;
    const pressed = createDoubleEscape(() => now);
    expect(pressed('Escape')).toBe(false);
    now += DOUBLE_ESCAPE_MS + 1;
    expect(pressed('Escape')).toBe(false);
    now += 300;
    expect(pressed('Escape')).toBe(true);
    now += 100;
    expect(pressed('Escape')).toBe(false);
    expect(pressed('a')).toBe(false);
    expect(pressed('Escape')).toBe(false);
    expect(pressed('Escape')).toBe(true);
  });
});
