import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Workstation {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the real main-process services under Node with the development bridge (the built
 * dist/dev/browser-main.cjs) and waits until it serves. `stop` ends exactly that process.
 */
export interface WorkstationOptions {
  dataDir?: string;
  demo?: boolean;
  /** Softphone settings file (electron/sip/softphoneSettings.ts); none: no phone. */
  sipConfig?: string;
  /** The hub's address, written to the data directory's hub.json; none: no hub. */
  hubUrl?: string;
  /** Runs the workstation with its wall clock moved, e.g. '+1h' (faketime; timers unaffected). */
  clockOffset?: string;
}

export async function startWorkstation(options: WorkstationOptions = {}): Promise<Workstation & { output: () => string; kill: () => Promise<void> }> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-e2e-'));
  const args = [path.join(root, 'dist', 'dev', 'browser-main.cjs'), '--data-dir', dataDir];
  if (options.demo ?? true) args.push('--demo');
  if (options.sipConfig) args.push('--sip-config', options.sipConfig);
  if (options.hubUrl) fs.writeFileSync(path.join(dataDir, 'hub.json'), JSON.stringify({ url: options.hubUrl }));
  // libfaketime preloaded into node itself, not the `faketime` wrapper: the wrapper forks, and a
  // kill would reach it and orphan the workstation. ld.so expands $LIB to the multiarch folder.
  const clock = options.clockOffset
    ? { LD_PRELOAD: '/usr/$LIB/faketime/libfaketime.so.1', FAKETIME: options.clockOffset, FAKETIME_DONT_FAKE_MONOTONIC: '1' }
    : {};
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...clock } });
  // Everything the process prints is kept: the privacy canary tests search it too.
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ready = await waitForReady(child);
  return {
    ...ready,
    dataDir,
    stop: () => stopProcess(child),
    output: () => output,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

function waitForReady(child: ChildProcess): Promise<{ url: string; origin: string; token: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`workstation did not start within 15 s:\n${output}`)), 15_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('TAVS_READY '));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice('TAVS_READY '.length)) as { url: string; origin: string; token: string });
    });
    child.once('exit', (code) => fail(new Error(`workstation exited with ${code}:\n${output}`)));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
