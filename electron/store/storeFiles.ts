import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// The store's files as files: what is on disk before SQLite is asked anything, the key-check
// sidecar, and publishing a new database so that a store file, once it exists, is always a
// complete, keyed, migrated database. Nothing here deletes or rewrites an existing store file.

/** SQLCipher 4's page size: a WAL-mode database file is always a whole number of pages. */
export const STORE_PAGE_SIZE = 4096;

export interface StoreFiles {
  /** Size of the database file, or null when there is none. */
  size: number | null;
  wal: boolean;
  shm: boolean;
}

export function inspectStoreFiles(file: string): StoreFiles {
  return { size: sizeOf(file), wal: fs.existsSync(`${file}-wal`), shm: fs.existsSync(`${file}-shm`) };
}

function sizeOf(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * A wrong key and a damaged first page look the same to SQLCipher ("file is not a database").
 * The sidecar `<file>.keycheck` holds HMAC-SHA256(key, label) — nothing about the key can be
 * learnt from it — so the store can tell "this is not the file's key" from "the file is
 * damaged", and the administrator gets the right instructions.
 */
const KEY_CHECK_LABEL = 'tavs store key check v1';
const KEY_CHECK_PREFIX = 'tavs-keycheck-v1 ';

export function keyCheckFile(file: string): string {
  return `${file}.keycheck`;
}

export function keyCheckOf(key: Buffer): string {
  return crypto.createHmac('sha256', key).update(KEY_CHECK_LABEL).digest('hex');
}

/** The recorded key check, or null when there is none or it is unreadable. */
export function readKeyCheck(file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(keyCheckFile(file), 'utf8').trim();
  } catch {
    return null;
  }
  const check = text.startsWith(KEY_CHECK_PREFIX) ? text.slice(KEY_CHECK_PREFIX.length) : '';
  return /^[0-9a-f]{64}$/.test(check) ? check : null;
}

export function writeKeyCheck(file: string, key: Buffer): void {
  writeDurably(keyCheckFile(file), `${KEY_CHECK_PREFIX}${keyCheckOf(key)}\n`);
}

/** A name beside `file` for a database being built, unique to this process and attempt. */
export function creationName(file: string): string {
  return `${file}.creating-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
}

/**
 * Puts a finished database in place: flushed, linked under its final name (link() fails if that
 * name exists, so an existing file is never replaced), the building name removed, and the folder
 * flushed so the new name survives a power cut.
 */
export function publishNewFile(building: string, file: string): void {
  fs.chmodSync(building, 0o600);
  fsyncFile(building);
  fs.linkSync(building, file);
  fs.unlinkSync(building);
  fsyncDirectory(path.dirname(file));
}

/** Removes the files of a database this process was building and never published. */
export function discardBuilding(building: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${building}${suffix}`, { force: true });
}

/**
 * A read-only look at a WAL-mode file makes SQLite create a -shm (the WAL's index: page numbers
 * and checksums, no content). Remove it only when this look created it. (Our writable
 * connections run in exclusive locking mode and never use a -shm, so none is in use.)
 */
export function removeCreatedShm(file: string, before: StoreFiles): void {
  if (!before.shm) fs.rmSync(`${file}-shm`, { force: true });
}

export function ensureDirectory(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
}

function writeDurably(file: string, text: string): void {
  const temporary = `${file}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`;
  const handle = fs.openSync(temporary, 'wx', 0o600);
  try {
    fs.writeFileSync(handle, text);
    fs.fsyncSync(handle);
  } catch (error) {
    fs.closeSync(handle);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fs.closeSync(handle);
  fs.renameSync(temporary, file);
  fsyncDirectory(path.dirname(file));
}

function fsyncFile(file: string): void {
  const handle = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
}

function fsyncDirectory(directory: string): void {
  const handle = fs.openSync(directory, 'r');
  try {
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
}
