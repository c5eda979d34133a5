import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openRecordStore, type RecordStoreOptions } from './openRecordStore';
import { applyKey, CURRENT_SCHEMA_VERSION } from './recordStore';
import { StoreError, type StoreErrorKind } from './storeErrors';
import { keyCheckFile, STORE_PAGE_SIZE } from './storeFiles';
import {
  capturingLogger,
  childScript,
  draftPayload,
  fingerprint,
  forgetTestKeys,
  killWriterMidLoop,
  removeTemporaryDirectories,
  requireKeychain,
  secrets,
  startChild,
  temporaryDirectory,
  testKeyName,
  waitFor,
  withKeyring,
} from './testing/storeTestKit';

// DESIGN.md I2: a wrong key, a missing key, a damaged file, a newer file, a second instance —
// each a clear error (kind + administrator text, and a log line), and the files byte-identical.

beforeAll(requireKeychain);
afterEach(forgetTestKeys);
afterAll(removeTemporaryDirectories);

interface Fixture {
  directory: string;
  file: string;
  keyName: string;
}

/** A closed store with final records, drafts and enough pages to damage in the middle. */
async function populatedStore(): Promise<Fixture> {
  const directory = temporaryDirectory();
  const fixture = { directory, file: path.join(directory, 'records.db'), keyName: testKeyName() };
  const store = await openRecordStore({ ...fixture, secrets, log: capturingLogger() });
  for (let i = 0; i < 40; i++) {
    const recordId = crypto.randomUUID();
    store.saveDraft({ recordId, shiftId: 'shift', payloadVersion: 1, payload: draftPayload(`draft ${i}`, 2000) });
    if (i % 2 === 0) store.finalizeRecord({ recordId, shiftId: 'shift', payloadVersion: 1, payload: draftPayload(`record ${i}`, 2000) });
  }
  store.close();
  return fixture;
}

/** Opens, expects the failure, and checks it was logged with its kind and that nothing changed. */
async function expectRefusal(fixture: Fixture, kind: StoreErrorKind, options: Partial<RecordStoreOptions> = {}): Promise<StoreError> {
  const before = fingerprint(fixture.directory);
  const log = capturingLogger();
  const failure = await openRecordStore({ ...fixture, secrets, log, busyTimeoutMs: 200, ...options }).then(
    () => {
      throw new Error(`opened, expected ${kind}`);
    },
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(StoreError);
  expect(failure).toMatchObject({ kind });
  expect(log.lines).toContainEqual(expect.objectContaining({ level: 'error', scope: 'store', fields: expect.objectContaining({ kind }) as unknown }));
  expect(fingerprint(fixture.directory)).toEqual(before);
  return failure as StoreError;
}

function overwrite(file: string, offset: number, length: number): void {
  const bytes = fs.readFileSync(file);
  bytes.fill(0x41, offset, offset + length);
  fs.writeFileSync(file, bytes);
}

describe('the key', { timeout: 30_000 }, () => {
  test('a wrong key is refused and the files stay byte-identical; the keychain is not touched', async () => {
    const fixture = await populatedStore();
    const wrong = crypto.randomBytes(32);
    await secrets.set(fixture.keyName, wrong);
    const failure = await expectRefusal(fixture, 'wrong-key');
    expect(failure.code).toBe('key-check-mismatch');
    expect(await secrets.get(fixture.keyName)).toEqual(wrong);
  });

  test('without the key-check sidecar, a wrong key is still refused (SQLCipher), even with a WAL left by a crash', { timeout: 60_000 }, async () => {
    const fixture = await populatedStore();
    await killWriterMidLoop(fixture.file, fixture.keyName, 50);
    expect(fs.statSync(`${fixture.file}-wal`).size).toBeGreaterThan(0);
    fs.rmSync(keyCheckFile(fixture.file));
    await secrets.set(fixture.keyName, crypto.randomBytes(32));
    expect((await expectRefusal(fixture, 'wrong-key')).code).toBe('SQLITE_NOTADB');
  });

  test('a missing key with an existing file is refused; no key and no file are created', async () => {
    const fixture = await populatedStore();
    await secrets.delete(fixture.keyName);
    expect((await expectRefusal(fixture, 'missing-key')).code).toBe('no-key-in-keychain');
    expect(await secrets.get(fixture.keyName)).toBeNull();
  });

  test('a locked keychain is keychain-unavailable, not a missing key', { timeout: 60_000 }, () => {
    // In a keyring session of its own, since a locked keyring cannot be unlocked without a prompt.
    const directory = temporaryDirectory();
    const open = `node --import tsx ${childScript} open ${path.join(directory, 'records.db')} records-key`;
    const lock =
      'dbus-send --session --dest=org.freedesktop.secrets --print-reply /org/freedesktop/secrets ' +
      'org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null';
    const output = execFileSync('bash', [withKeyring, 'sh', '-c', `${open} && ${lock} && ${open}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(output.trim().split('\n')).toEqual(['ok', 'error keychain-unavailable keychain-read-failed']);
  });

  test('a keychain entry that is not a 256-bit key is refused', async () => {
    const fixture = await populatedStore();
    await secrets.set(fixture.keyName, Buffer.from('a passphrase someone typed'));
    expect((await expectRefusal(fixture, 'wrong-key')).code).toBe('key-malformed');
  });
});

describe('a damaged file', { timeout: 30_000 }, () => {
  test('a damaged page in the middle', async () => {
    const fixture = await populatedStore();
    overwrite(fixture.file, 5 * STORE_PAGE_SIZE + 100, 64);
    await expectRefusal(fixture, 'corrupt');
  });

  test('a damaged first page is told apart from a wrong key by the key check', async () => {
    const fixture = await populatedStore();
    overwrite(fixture.file, 200, 64);
    expect((await expectRefusal(fixture, 'corrupt')).code).toBe('SQLITE_NOTADB');
  });

  test('damaged pages with a WAL left by a crash: the WAL is not checkpointed into them', { timeout: 60_000 }, async () => {
    const fixture = await populatedStore();
    await killWriterMidLoop(fixture.file, fixture.keyName, 50);
    expect(fs.statSync(`${fixture.file}-wal`).size).toBeGreaterThan(0);
    // Every page but the first: pages the WAL holds newer copies of still read fine, the rest not.
    for (let page = 1; page < fs.statSync(fixture.file).size / STORE_PAGE_SIZE; page++) {
      overwrite(fixture.file, page * STORE_PAGE_SIZE + 100, 64);
    }
    await expectRefusal(fixture, 'corrupt');
  });

  test('truncated mid-page', async () => {
    const fixture = await populatedStore();
    fs.truncateSync(fixture.file, Math.floor(fs.statSync(fixture.file).size / 2) + 123);
    expect((await expectRefusal(fixture, 'corrupt')).code).toBe('partial-page');
  });

  test('truncated at a page boundary', async () => {
    const fixture = await populatedStore();
    fs.truncateSync(fixture.file, 3 * STORE_PAGE_SIZE);
    await expectRefusal(fixture, 'corrupt');
  });

  test('truncated to nothing', async () => {
    const fixture = await populatedStore();
    fs.truncateSync(fixture.file, 0);
    expect((await expectRefusal(fixture, 'corrupt')).code).toBe('empty-file');
  });

  test('a WAL without its database', async () => {
    const fixture = await populatedStore();
    fs.renameSync(fixture.file, `${fixture.file}.moved`);
    fs.writeFileSync(`${fixture.file}-wal`, crypto.randomBytes(8192));
    expect((await expectRefusal(fixture, 'corrupt')).code).toBe('wal-without-database');
  });
});

describe('a file from a newer Tavs', { timeout: 30_000 }, () => {
  test('is refused unchanged', async () => {
    const fixture = await populatedStore();
    const key = await secrets.get(fixture.keyName);
    const db = new Database(fixture.file);
    applyKey(db, key ?? Buffer.alloc(0));
    db.pragma('user_version = 99');
    db.close();
    expect((await expectRefusal(fixture, 'newer-schema')).code).toBe(`file-v99-code-v${CURRENT_SCHEMA_VERSION}`);
  });
});

describe('a second instance', { timeout: 30_000 }, () => {
  test('in this process: refused while the first is open, and the first keeps working', async () => {
    const fixture = await populatedStore();
    const first = await openRecordStore({ ...fixture, secrets, log: capturingLogger() });
    try {
      await expectRefusal(fixture, 'locked');
      expect(first.saveDraft({ recordId: crypto.randomUUID(), shiftId: 'shift', payloadVersion: 1, payload: { note: 'still works' } }).revision).toBe(1);
    } finally {
      first.close();
    }
    (await openRecordStore({ ...fixture, secrets, log: capturingLogger() })).close();
  });

  test('in another process: refused while it holds the file; free again once it is killed', { timeout: 60_000 }, async () => {
    const fixture = await populatedStore();
    const { child, lines, exited } = startChild(['hold', fixture.file, fixture.keyName]);
    try {
      await waitFor(() => lines.length > 0, 'the other instance');
      expect(lines).toEqual(['open']);
      await expectRefusal(fixture, 'locked');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    (await openRecordStore({ ...fixture, secrets, log: capturingLogger() })).close();
  });
});

describe('the administrator texts', { timeout: 30_000 }, () => {
  test('every refusal carries its kind, a technical code, and no record content', async () => {
    const fixture = await populatedStore();
    await secrets.set(fixture.keyName, crypto.randomBytes(32));
    const failure = await expectRefusal(fixture, 'wrong-key');
    expect(failure.message).toBe('The key does not open the records file (wrong-key: key-check-mismatch)');
    expect(failure.message).not.toMatch(/draft|record \d/);
  });
});
