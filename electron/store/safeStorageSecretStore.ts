import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { assertSecretName, type SecretStore } from './secretStore';

/**
 * The production option inside Electron: the secret is encrypted with Electron's safeStorage
 * (macOS Keychain, Windows DPAPI, the Linux Secret Service or KWallet hold the wrapping key)
 * and only its ciphertext is kept, one file per secret, in `directory` (a folder of userData).
 *
 * Only electron/main.ts imports this file, so everything else in electron/store stays
 * Electron-free. Use it after the app's `ready` event.
 */
export function safeStorageSecretStore(directory: string): SecretStore {
  const fileOf = (name: string): string => {
    assertSecretName(name);
    return path.join(directory, `${name}.safestorage`);
  };

  const ensureAvailable = async (): Promise<void> => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new Error('safeStorage: the OS keychain is not available');
    }
    // Without a desktop keychain, Linux falls back to a key built into Chromium: ciphertext
    // anyone can decrypt. Refuse rather than pretend the key is protected (DESIGN.md I7).
    if (process.platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') {
        throw new Error(`safeStorage: no OS keychain behind safeStorage (backend ${backend})`);
      }
    }
  };

  const write = async (name: string, value: Buffer): Promise<void> => {
    const ciphertext = await safeStorage.encryptStringAsync(value.toString('base64'));
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    const file = fileOf(name);
    const temporary = `${file}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`;
    const handle = fs.openSync(temporary, 'wx', 0o600);
    try {
      fs.writeFileSync(handle, ciphertext);
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    fs.renameSync(temporary, file);
  };

  return {
    kind: 'safeStorage',
    async get(name) {
      let ciphertext: Buffer;
      try {
        ciphertext = fs.readFileSync(fileOf(name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      await ensureAvailable();
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(ciphertext);
      const value = Buffer.from(result, 'base64');
      if (shouldReEncrypt) await write(name, value);
      return value;
    },
    async set(name, value) {
      await ensureAvailable();
      await write(name, value);
    },
    delete(name) {
      try {
        fs.unlinkSync(fileOf(name));
        return Promise.resolve(true);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve(false);
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
