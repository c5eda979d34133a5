import type { AsyncEntry } from '@napi-rs/keyring';

/**
 * Where the store's key lives: the OS keychain, behind one small interface so the store never
 * knows which. Two implementations: the keychain itself through a native binding (this file),
 * and Electron's safeStorage (`safeStorageSecretStore.ts`, imported only by the Electron
 * wiring). There is no in-memory fake: tests run against a real gnome-keyring
 * (`scripts/with-keyring.sh`).
 *
 * `get` resolves `null` only when the keychain answered that it holds no such secret; a
 * keychain that cannot be reached, is locked or refuses access rejects, so a missing key can
 * never be confused with an unreachable keychain.
 */
export interface SecretStore {
  /** A short description for logs ("keyring", "safeStorage"), never a secret. */
  readonly kind: string;
  get(name: string): Promise<Buffer | null>;
  set(name: string, value: Buffer): Promise<void>;
  /** Resolves whether a secret was there to delete. The store itself never deletes a key. */
  delete(name: string): Promise<boolean>;
}

/** The keychain service name every Tavs secret is filed under. */
export const TAVS_KEYCHAIN_SERVICE = 'dk.tavs.workstation';

const secretName = /^[a-z0-9][a-z0-9.-]{0,63}$/;

export function assertSecretName(name: string): void {
  if (!secretName.test(name)) throw new TypeError('secret names are 1-64 characters of a-z, 0-9, "." and "-"');
}

/**
 * The OS keychain through @napi-rs/keyring (the Rust `keyring` crate): macOS Keychain, Windows
 * Credential Manager, and on Linux the Secret Service (gnome-keyring, KWallet). On Linux the
 * entry is pinned to the Secret Service: the binding's default would fall back to the kernel
 * keyring, which forgets everything at reboot, and a forgotten key means a records file
 * nobody can open. The native binding is loaded on first use, so an app wired to safeStorage
 * never loads it.
 */
export function keyringSecretStore(options: { service?: string } = {}): SecretStore {
  const service = options.service ?? TAVS_KEYCHAIN_SERVICE;
  const entry = async (name: string): Promise<AsyncEntry> => {
    assertSecretName(name);
    const binding = await import('@napi-rs/keyring');
    return new binding.AsyncEntry(service, name, { linux: { store: 'secret-service' } });
  };
  return {
    kind: 'keyring',
    async get(name) {
      const secret = await (await entry(name)).getSecret();
      return secret === null ? null : Buffer.from(secret);
    },
    async set(name, value) {
      await (await entry(name)).setSecret(value);
    },
    async delete(name) {
      return (await entry(name)).deleteCredential();
    },
  };
}
