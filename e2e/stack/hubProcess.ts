import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../sip/processes';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HubProcessOptions {
  /** PGlite data directory (kept across restarts); ignored when `databaseUrl` is set. */
  dataDir?: string;
  databaseUrl?: string;
  policyFile?: string;
  /** Fixed port, e.g. to restart on the same address; default: a free one. */
  port?: number;
  /**
   * The SIP server the hub issues per-shift credentials to (e.g. the test stack's Kamailio:
   * SipStack.jsonrpcUrl and .domain); none: the hub issues no SIP credentials.
   */
  sip?: { jsonrpcUrl: string; domain: string };
  /** The hub writes its log to this file (HUB_LOG) instead of stderr: the chat canary searches it. */
  logFile?: string;
}

export interface HubProcess {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Everything the process printed (its log goes to stderr): the canary tests search it. */
  output(): string;
  /** Sends a signal and waits for the exit: `kill('SIGKILL')` is the crash test's kill -9. */
  kill(signal: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the real hub process (hub/src/main.ts under tsx) on 127.0.0.1 and waits until it serves. */
export async function startHubProcess(options: HubProcessOptions = {}): Promise<HubProcess> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-'));
  const port = options.port ?? (await freePorts(['tcp']))[0];
  const env: NodeJS.ProcessEnv = { ...process.env, HUB_HOST: '127.0.0.1', HUB_PORT: String(port), HUB_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.policyFile) env.HUB_POLICY = options.policyFile;
  delete env.HUB_LOG;
  if (options.logFile) env.HUB_LOG = options.logFile;
  // Only the SIP server asked for, never one inherited from the caller's environment.
  for (const name of ['HUB_SIP_RPC_URL', 'HUB_SIP_DOMAIN', 'HUB_SIP_RPC_TOKEN']) delete env[name];
  if (options.sip) {
    env.HUB_SIP_RPC_URL = options.sip.jsonrpcUrl;
    env.HUB_SIP_DOMAIN = options.sip.domain;
  }
  // node itself, not npx: a kill reaches the hub, not a wrapper around it.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'hub', 'src', 'main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await waitForListening(child, () => output);
  return {
    url,
    port,
    dataDir,
    pid: child.pid ?? -1,
    output: () => output,
    kill: (signal) => killAndWait(child, signal),
    stop: () => stopProcess(child),
  };
}

function waitForListening(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub did not start within 60 s:\n${output()}`));
    }, 60_000);
    const onData = (): void => {
      const line = output().split('\n').find((candidate) => candidate.startsWith('hub listening '));
      if (!line) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(line.slice('hub listening '.length).trim());
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${output()}`));
    });
  });
}

function killAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
