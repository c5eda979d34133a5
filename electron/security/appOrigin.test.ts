import { describe, expect, test } from 'vitest';
import { isAppOrigin, isAppUrl } from './appOrigin';

describe('isAppUrl', () => {
  test.each(['app://tavs/index.html', 'app://tavs/assets/index-abc.js', 'app://tavs/'])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });

  test.each([
    'http://tavs/index.html',
    'https://tavs/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://tavs.evil/',
    'app://user:pass@tavs/',
    'app://tavs:8080/',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });

  test('origin check is exact', () => {
    expect(isAppOrigin('app://tavs')).toBe(true);
    expect(isAppOrigin('app://tavs/')).toBe(true);
    expect(isAppOrigin('app://tavsx')).toBe(false);
    expect(isAppOrigin('http://127.0.0.1:5173')).toBe(false);
  });
});
