import { describe, expect, it } from 'vitest';
import { chatErrorCodes, systemNotices } from '../shared/hub/chatApi';
import { errorKey, localeFromQuery, noticeKey, text } from './widgetText';

describe('the page’s words', () => {
  it('has a Danish and an English text for every notice and error of the contract', () => {
    for (const notice of systemNotices) {
      expect(text('da', noticeKey(notice))).not.toBe('');
      expect(text('en', noticeKey(notice))).not.toBe(text('da', noticeKey(notice)));
    }
    for (const code of chatErrorCodes) expect(text('da', errorKey(code)).length).toBeGreaterThan(5);
  });

  it('fills placeholders with plain values and leaves unknown ones visible', () => {
    expect(text('da', 'composer.counter', { count: 12, max: 2000 })).toBe('12 af 2000 tegn');
    expect(text('da', 'status.queue.position')).toBe('Du er nummer {position} i køen.');
  });

  it('is Danish unless the page is asked for English', () => {
    expect(localeFromQuery('')).toBe('da');
    expect(localeFromQuery('?lang=en')).toBe('en');
    expect(localeFromQuery('?lang=de')).toBe('da');
  });
});
