// Child processes and loopback ports for the SIP test stack.
//
// Every server we start is a child that must not outlive us: it runs in its own
// process group (so stop() reaches whatever it forks), is registered for
// cleanup on exit/SIGINT/SIGTERM, and — where util-linux `setpriv` exists — gets
// a parent-death signal, so even a SIGKILLed test runner leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { accessSync, constants, existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { delimiter, join } from 'node:path';

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
  /** SIGTERM the process group, SIGKILL after `graceMs`; resolves when gone. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ManagedProcess & { child: ChildProcess }>();
let hooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL is the only sure thing there.
  process.on('exit', () => {
    for (const p of live) killGroup(p.pid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      for (const p of live) killGroup(p.pid, 'SIGTERM');
      // Listening to a signal disables Node's default exit; restore it unless
      // someone else (a CLI, a test runner) handles the signal too.
      if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.on(signal, onSignal);
  }
}

const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

/**
 * Absolute path of a program, also looking in the sbin directories that a
 * non-root PATH usually lacks (Debian installs kamailio in /usr/sbin).
 */
export function findProgram(name: string, debianPackage: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  throw new Error(`${name} not found: install the Debian package ${debianPackage}`);
}

/** Start `command` with stdout+stderr appended to `logFile`. */
export function startProcess(name: string, command: string, args: string[], logFile: string): ManagedProcess {
  installExitHooks();
  const fd = openSync(logFile, 'a');
  // setpriv --pdeathsig: the kernel signals the child when this process dies.
  const [cmd, argv] = setpriv
    ? [setpriv, ['--pdeathsig', 'SIGTERM', '--', command, ...args]]
    : [command, args];
  const child = spawn(cmd, argv, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(managed);
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      live.delete(managed);
      resolve(`error: ${err.message}`);
    });
  });
  const managed = {
    name,
    pid,
    logFile,
    child,
    exited,
    async stop(graceMs = 3000): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Children of the group that ignored SIGTERM (none expected) go too.
      killGroup(pid, 'SIGKILL');
    },
  };
  live.add(managed);
  return managed;
}

/** The last lines of a log file, for error messages. */
export function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Distinct free ports (asking the kernel twice can return the same one). */
export async function freePorts<const T extends ReadonlyArray<'tcp' | 'udp'>>(
  kinds: T,
): Promise<{ [K in keyof T]: number }> {
  const ports: number[] = [];
  for (const kind of kinds) {
    let port: number;
    do port = kind === 'tcp' ? await freeTcpPort() : await freeUdpPort();
    while (ports.includes(port));
    ports.push(port);
  }
  return ports as { [K in keyof T]: number };
}

export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Poll `probe` until it returns true. Fails early, with the log tail, if the
 * process exits; fails after `timeoutMs` otherwise.
 */
export async function waitUntilReady(
  proc: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  let exitedWith: number | string | undefined;
  void proc.exited.then((code) => (exitedWith = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) {
      throw new Error(`${proc.name} exited (${exitedWith}) while starting:\n${logTail(proc.logFile)}`);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${proc.name} not ready after ${timeoutMs} ms:\n${logTail(proc.logFile)}`);
}
