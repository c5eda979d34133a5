import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { appBundleResponse } from './appBundleResponse';

let root: string;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-app-'));
  root = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<html></html>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside');
});

describe('app:// responses', () => {
  test('serve the bundle with its content type and the CSP', async () => {
    const response = await appBundleResponse(root, { url: 'app://tavs/assets/app.js', method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(await response.text()).toBe('console.log(1)');
  });

  test.each([
    ['a file outside the bundle', 'app://tavs/..%2fsecret.txt', 'GET'],
    ['another host', 'app://other/index.html', 'GET'],
    ['a missing file', 'app://tavs/nope.js', 'GET'],
    ['a POST', 'app://tavs/index.html', 'POST'],
  ])('refuse %s, still with the CSP', async (_name, url, method) => {
    const response = await appBundleResponse(root, { url, method });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
