import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { openRecordStore } from './openRecordStore';
import { StoreError } from './storeErrors';
import {
  capturingLogger,
  draftPayload,
  forgetTestKeys,
  requireKeychain,
  secrets,
  temporaryDirectory,
  testKeyName,
} from './testing/storeTestKit';

// A real full disk: a 2 MiB tmpfs mounted for this test (needs root, as on the build machines
// and CI; elsewhere the test fails with that reason rather than being skipped).

let mountPoint: string;

beforeAll(async () => {
  await requireKeychain();
  mountPoint = temporaryDirectory();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tavs-store-full', mountPoint], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`The disk-full test mounts a small tmpfs and needs root (mount -t tmpfs): ${String(error)}`);
  }
});
afterEach(forgetTestKeys);
afterAll(() => {
  execFileSync('umount', [mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

/** Fills the file system with a file of its own until it refuses another byte. */
function fillDisk(): string {
  const filler = path.join(mountPoint, `filler-${crypto.randomBytes(4).toString('hex')}`);
  const handle = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x2e);
  try {
    for (let size = chunk.length; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          fs.writeSync(handle, chunk, 0, size);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    fs.closeSync(handle);
  }
  return filler;
}

test('a full disk is a disk-full error: nothing acknowledged is lost, and saving works again once space is freed', { timeout: 60_000 }, async () => {
  const file = path.join(mountPoint, 'records.db');
  const keyName = testKeyName();
  const log = capturingLogger();
  const store = await openRecordStore({ file, keyName, secrets, log });
  const acknowledged: string[] = [];
  let filler = '';
  try {
    for (let i = 0; i < 20; i++) {
      const recordId = crypto.randomUUID();
      store.saveDraft({ recordId, shiftId: 'shift', payloadVersion: 1, payload: draftPayload(`before ${i}`, 3000) });
      acknowledged.push(recordId);
    }
    filler = fillDisk();

    let failure: unknown;
    for (let i = 0; i < 2000 && failure === undefined; i++) {
      const recordId = crypto.randomUUID();
      try {
        store.saveDraft({ recordId, shiftId: 'shift', payloadVersion: 1, payload: draftPayload(`while full ${i}`, 3000) });
        acknowledged.push(recordId);
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toBeInstanceOf(StoreError);
    expect(failure).toMatchObject({ kind: 'disk-full', code: 'SQLITE_FULL' });
    expect(log.lines.at(-1)).toMatchObject({ level: 'error', fields: { operation: 'saveDraft', kind: 'disk-full', code: 'SQLITE_FULL' } });

    fs.rmSync(filler);
    const after = crypto.randomUUID();
    store.saveDraft({ recordId: after, shiftId: 'shift', payloadVersion: 1, payload: draftPayload('after', 3000) });
    acknowledged.push(after);
  } finally {
    store.close();
  }

  const reopened = await openRecordStore({ file, keyName, secrets, log: capturingLogger() });
  try {
    for (const recordId of acknowledged) expect(reopened.getDraft(recordId), recordId).not.toBeNull();
  } finally {
    reopened.close();
  }
});

test('a first start on a full disk is a disk-full error and leaves no store file behind', async () => {
  const filler = fillDisk();
  try {
    const file = path.join(mountPoint, 'new-records.db');
    const failure = await openRecordStore({ file, keyName: testKeyName(), secrets, log: capturingLogger() }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreError);
    expect(failure).toMatchObject({ kind: 'disk-full' });
    expect(fs.readdirSync(mountPoint).filter((name) => name.startsWith('new-records.db'))).toEqual([]);
  } finally {
    fs.rmSync(filler);
  }
});
