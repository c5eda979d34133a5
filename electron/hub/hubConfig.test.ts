import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { hubConfigIfPresent, loadHubConfig } from './hubConfig';

const directories: string[] = [];
function configFile(content: unknown, extra: Record<string, string> = {}): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hubconfig-'));
  directories.push(directory);
  for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(directory, name), text);
  const file = path.join(directory, 'hub.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
afterEach(() => {
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
});

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('hub.json', () => {
  test.each([
    ['https://hub.example.dk', 'https://hub.example.dk'],
    ['https://hub.example.dk/tavs/', 'https://hub.example.dk/tavs'],
    ['http://127.0.0.1:8443', 'http://127.0.0.1:8443'],
    ['http://localhost:3000/', 'http://localhost:3000'],
  ])('accepts %s', (url, baseUrl) => {
    expect(loadHubConfig(configFile({ url }))).toEqual({ baseUrl });
  });

  test.each([
    ['plain HTTP to another host', { url: 'http://hub.example.dk' }],
    ['plain HTTP to a LAN address', { url: 'http://192.168.1.10' }],
    ['credentials in the URL', { url: 'https://user:secret@hub.example.dk' }],
    ['a query', { url: 'https://hub.example.dk/?x=1' }],
    ['another scheme', { url: 'ftp://hub.example.dk' }],
    ['no URL', {}],
    ['an unknown key', { url: 'https://hub.example.dk', token: 'x' }],
  ])('refuses %s, naming the field', (_name, content) => {
    expect(() => loadHubConfig(configFile(content))).toThrow(/invalid hub settings in .*hub\.json: (url|\(file\))/);
  });

  test('a file that is not JSON is named as such; its content is never quoted', () => {
    expect(() => loadHubConfig(configFile('{"url": "https://secret-host'))).toThrow(/are not JSON$/);
    try {
      loadHubConfig(configFile({ url: 'http://secret-host.example' }));
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-host');
    }
  });

  test('a private CA is read relative to hub.json and must be a PEM certificate', () => {
    expect(loadHubConfig(configFile({ url: 'https://hub.example.dk', caCertificate: 'ca.pem' }, { 'ca.pem': pem }))).toEqual({
      baseUrl: 'https://hub.example.dk',
      ca: pem,
    });
    expect(() => loadHubConfig(configFile({ url: 'https://hub.example.dk', caCertificate: 'ca.pem' }, { 'ca.pem': 'not a cert' }))).toThrow(/not a PEM/);
    expect(() => loadHubConfig(configFile({ url: 'https://hub.example.dk', caCertificate: 'missing.pem' }))).toThrow(/cannot be read/);
  });

  test('no file: no hub; a broken file: no hub, and the problem is reported', () => {
    const problems: string[] = [];
    expect(hubConfigIfPresent(path.join(os.tmpdir(), 'no-such-dir-tavs', 'hub.json'), (problem) => problems.push(problem))).toBeNull();
    expect(problems).toEqual([]);
    expect(hubConfigIfPresent(configFile({ url: 'http://hub.example.dk' }), (problem) => problems.push(problem))).toBeNull();
    expect(problems).toHaveLength(1);
  });
});
