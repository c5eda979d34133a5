// Shared by the store's tests: temporary folders, file fingerprints, a logger that keeps its
// lines, keys in the real keychain (cleaned up after each test), and the child process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger, LogFields } from '../../services/logger';
import { keyringSecretStore, type SecretStore } from '../secretStore';

export const secrets: SecretStore = keyringSecretStore();

/**
 * Fails (never skips) when there is no keychain: the store's tests run against the real
 * gnome-keyring, under scripts/with-keyring.sh.
 */
export async function requireKeychain(): Promise<void> {
  const probe = `probe-${crypto.randomBytes(6).toString('hex')}`;
  try {
    await secrets.set(probe, Buffer.from('probe'));
    const back = await secrets.get(probe);
    await secrets.delete(probe);
    if (back?.toString() !== 'probe') throw new Error('the keychain did not return what was stored');
  } catch (error) {
    throw new Error(
      `The store tests need a real keychain (Secret Service). Run them as: scripts/with-keyring.sh npx vitest run electron/store (${String(error)})`,
    );
  }
}

const keyNames: string[] = [];
/** A key name of its own for each test; `forgetTestKeys` removes them from the keychain. */
export function testKeyName(): string {
  const name = `test-${crypto.randomBytes(6).toString('hex')}`;
  keyNames.push(name);
  return name;
}
export async function forgetTestKeys(): Promise<void> {
  for (const name of keyNames.splice(0)) await secrets.delete(name);
}

const directories: string[] = [];
export function temporaryDirectory(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-store-'));
  directories.push(directory);
  return directory;
}
export function removeTemporaryDirectories(): void {
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
}

/** Every file in `directory` with the SHA-256 of its bytes: equal fingerprints, untouched files. */
export function fingerprint(directory: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of fs.readdirSync(directory).sort()) {
    result[name] = crypto.createHash('sha256').update(fs.readFileSync(path.join(directory, name))).digest('hex');
  }
  return result;
}

export interface CapturedLog extends Logger {
  lines: { level: string; scope: string; message: string; fields: LogFields }[];
  text(): string;
}
export function capturingLogger(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const add = (level: string) => (scope: string, message: string, fields: LogFields = {}) => {
    lines.push({ level, scope, message, fields });
  };
  return { lines, info: add('info'), warn: add('warn'), error: add('error'), text: () => JSON.stringify(lines) };
}

export function draftPayload(note: string, size = 0): { note: string; filler: string } {
  return { note, filler: 'x'.repeat(size) };
}

export const childScript = path.join(import.meta.dirname, 'storeChild.ts');
export const withKeyring = path.resolve(import.meta.dirname, '../../../scripts/with-keyring.sh');

/** The store's test child (testing/storeChild.ts) with its stdout split into lines. */
export function startChild(args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcessWithoutNullStreams; lines: string[]; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], { env, cwd: process.cwd() });
  const lines: string[] = [];
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    lines.push(...complete);
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    if (stderr && !child.killed) process.stderr.write(`store child: ${stderr}\n`);
  });
  return { child, lines, exited };
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Runs the writing child against `file` until it has acknowledged `acks` drafts, then kills it
 * with SIGKILL mid-loop. Returns the acknowledged lines ("ack RECORD REVISION SEQ").
 */
export async function killWriterMidLoop(file: string, keyName: string, acks: number): Promise<string[]> {
  const { child, lines, exited } = startChild(['write', file, keyName, 'crash-shift']);
  try {
    await waitFor(() => lines.filter((line) => line.startsWith('ack ')).length >= acks || lines.some((line) => !line.startsWith('ack ')), 'the writer\'s acknowledgements', 60_000);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  const unexpected = lines.find((line) => !line.startsWith('ack '));
  if (unexpected !== undefined) throw new Error(`the writer said: ${unexpected}`);
  return [...lines];
}
