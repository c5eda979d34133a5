import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { contentTypeFor, resolveBundlePath } from './bundlePath';

const root = path.resolve('/srv/tavs/renderer');

describe('resolveBundlePath', () => {
  test('serves index.html for the root', () => {
    expect(resolveBundlePath(root, '/')).toBe(path.join(root, 'index.html'));
  });

  test('serves files inside the bundle', () => {
    expect(resolveBundlePath(root, '/assets/index-1a2b.js')).toBe(path.join(root, 'assets', 'index-1a2b.js'));
  });

  test.each([
    '/../secret',
    '/assets/../../secret',
    '/..%2f..%2fetc/passwd',
    '/%2e%2e/secret',
    '/assets%5c..%5c..%5csecret',
    '/.env',
    '/assets/.hidden',
    '/index.html%00.js',
    '/%E0%A4%A',
  ])('refuses %s', (requestPath) => {
    expect(resolveBundlePath(root, requestPath)).toBeNull();
  });
});

describe('contentTypeFor', () => {
  test('knows the bundle file types and falls back to opaque bytes', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a/x.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a/x.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a/x.exe')).toBe('application/octet-stream');
  });
});
