import crypto from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../services/logger';
import { buildDatabase, inspectWithWal, KEY_BYTES, openWritableStore, type RecordStore } from './recordStore';
import type { SecretStore } from './secretStore';
import { classifyStoreError, StoreError } from './storeErrors';
import {
  creationName,
  discardBuilding,
  ensureDirectory,
  inspectStoreFiles,
  keyCheckOf,
  publishNewFile,
  readKeyCheck,
  removeCreatedShm,
  STORE_PAGE_SIZE,
  writeKeyCheck,
} from './storeFiles';

export interface RecordStoreOptions {
  /** The database file, e.g. `<userData>/records.db`. */
  file: string;
  secrets: SecretStore;
  log: Logger;
  /** The key's name in the keychain (service dk.tavs.workstation). */
  keyName?: string;
  /** How long to wait for a file another instance is closing before reporting 'locked'. */
  busyTimeoutMs?: number;
  now?: () => number;
}

export const DEFAULT_KEY_NAME = 'records-key';
const DEFAULT_BUSY_TIMEOUT_MS = 2000;

/**
 * Opens the encrypted records store, creating it (and its key) on first start.
 *
 * Every failure is a StoreError whose kind says what the administrator must do, and is logged
 * by kind and code. A file that fails to open is never deleted, truncated, rekeyed or written:
 * its key and every page are checked before the first write (a file with a WAL left by a crash
 * on a read-only connection first, so the WAL is not checkpointed into a file that may be
 * damaged). A key is only generated when there is no file; a file without its key is
 * 'missing-key', never a new file.
 */
export async function openRecordStore(options: RecordStoreOptions): Promise<RecordStore> {
  const { file, secrets, log } = options;
  const keyName = options.keyName ?? DEFAULT_KEY_NAME;
  const timeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const started = performance.now();
  let keyVerified = false;
  try {
    const before = inspectStoreFiles(file);
    if (before.size === null && before.wal) throw new StoreError('corrupt', 'wal-without-database');
    if (before.size === 0) throw new StoreError('corrupt', 'empty-file');
    if (before.size !== null && before.size % STORE_PAGE_SIZE !== 0) throw new StoreError('corrupt', 'partial-page');

    let key = await fetchKey(secrets, keyName);
    const created = before.size === null;
    if (created) {
      if (key === null) {
        key = await createKey(secrets, keyName);
        log.info('store', 'generated the records key', { keychain: secrets.kind });
      }
      createDatabase(file, key);
    } else if (key === null) {
      throw new StoreError('missing-key', 'no-key-in-keychain');
    }

    const recordedCheck = readKeyCheck(file);
    if (recordedCheck !== null && recordedCheck !== keyCheckOf(key)) throw new StoreError('wrong-key', 'key-check-mismatch');
    keyVerified = recordedCheck !== null;
    if (before.wal) {
      try {
        inspectWithWal(file, key, { keyKnownRight: keyVerified, timeoutMs });
      } finally {
        removeCreatedShm(file, before);
      }
      keyVerified = true;
    }
    const store = openWritableStore(file, key, { inspected: before.wal, keyKnownRight: keyVerified, timeoutMs, log, now });
    keyVerified = true;
    try {
      if (recordedCheck === null) writeKeyCheck(file, key);
    } catch (error) {
      store.close();
      throw error;
    }
    log.info('store', 'records store open', {
      created,
      schemaVersion: store.schemaVersion,
      ms: Math.round(performance.now() - started),
      file: path.basename(file),
    });
    return store;
  } catch (error) {
    const failure = classifyStoreError(error, { keyVerified });
    log.error('store', 'records store did not open', { kind: failure.kind, code: failure.code, file: path.basename(file) });
    throw failure;
  }
}

async function fetchKey(secrets: SecretStore, keyName: string): Promise<Buffer | null> {
  let key: Buffer | null;
  try {
    key = await secrets.get(keyName);
  } catch (error) {
    throw new StoreError('keychain-unavailable', 'keychain-read-failed', { cause: error });
  }
  if (key !== null && key.length !== KEY_BYTES) throw new StoreError('wrong-key', 'key-malformed');
  return key;
}

/** A new random key, stored and read back before any file depends on it. */
async function createKey(secrets: SecretStore, keyName: string): Promise<Buffer> {
  const key = crypto.randomBytes(KEY_BYTES);
  try {
    await secrets.set(keyName, key);
  } catch (error) {
    throw new StoreError('keychain-unavailable', 'keychain-write-failed', { cause: error });
  }
  const stored = await fetchKey(secrets, keyName);
  if (stored === null || !crypto.timingSafeEqual(stored, key)) throw new StoreError('keychain-unavailable', 'keychain-did-not-keep-key');
  return key;
}

/**
 * A new store is built under a name of its own and linked into place only when complete, so a
 * store file, once it exists, is a keyed and migrated database: an empty or short file is
 * always damage, never an unfinished first start.
 */
function createDatabase(file: string, key: Buffer): void {
  ensureDirectory(file);
  writeKeyCheck(file, key);
  const building = creationName(file);
  try {
    buildDatabase(building, key);
    publishNewFile(building, file);
  } catch (error) {
    discardBuilding(building);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new StoreError('locked', 'created-concurrently', { cause: error });
    throw error;
  }
}
