import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { keyringSecretStore } from './secretStore';
import { forgetTestKeys, removeTemporaryDirectories, requireKeychain, secrets, startChild, temporaryDirectory, testKeyName } from './testing/storeTestKit';

// Against the real keychain: gnome-keyring's Secret Service under scripts/with-keyring.sh.

beforeAll(requireKeychain);
afterEach(forgetTestKeys);
afterAll(removeTemporaryDirectories);

describe('keyringSecretStore', { timeout: 30_000 }, () => {
  test('keeps 32 binary bytes exactly, including zeros', async () => {
    const name = testKeyName();
    const key = Buffer.concat([Buffer.from([0, 0, 255]), crypto.randomBytes(29)]);
    await secrets.set(name, key);
    expect(await secrets.get(name)).toEqual(key);
  });

  test('an absent secret is null, and deleting it says so', async () => {
    const name = testKeyName();
    expect(await secrets.get(name)).toBeNull();
    expect(await secrets.delete(name)).toBe(false);
  });

  test('set replaces, delete removes', async () => {
    const name = testKeyName();
    await secrets.set(name, Buffer.from('first'));
    await secrets.set(name, Buffer.from('second'));
    expect((await secrets.get(name))?.toString()).toBe('second');
    expect(await secrets.delete(name)).toBe(true);
    expect(await secrets.get(name)).toBeNull();
  });

  test('the secret lives in the keychain service, not in this process: another process reads it', { timeout: 30_000 }, async () => {
    const name = testKeyName();
    const key = crypto.randomBytes(32);
    await secrets.set(name, key);
    const { lines, exited } = startChild(['key', name]);
    await exited;
    expect(lines).toEqual([crypto.createHash('sha256').update(key).digest('hex')]);
  });

  test('services are kept apart', async () => {
    const name = testKeyName();
    const other = keyringSecretStore({ service: 'dk.tavs.workstation.test-other' });
    await secrets.set(name, Buffer.from('ours'));
    expect(await other.get(name)).toBeNull();
  });

  test('names are restricted to a safe alphabet', async () => {
    await expect(secrets.get('../etc/passwd')).rejects.toThrow(TypeError);
    await expect(secrets.set('', Buffer.alloc(1))).rejects.toThrow(TypeError);
  });

  test('an unreachable keychain rejects instead of answering "no secret"', { timeout: 30_000 }, async () => {
    const file = path.join(temporaryDirectory(), 'records.db');
    const { lines, exited } = startChild(['open', file, testKeyName()], {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tavs-no-bus',
    });
    await exited;
    expect(lines).toEqual(['error keychain-unavailable keychain-read-failed']);
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
  });
});
