// What a benchmark reads about a process it started on this machine (Linux /proc), and the hub's
// own inspector for figures only the process itself knows (heap after a full collection).
import fs from 'node:fs';
import WebSocket from 'ws';

/** The process's resident memory (VmRSS) in bytes. */
export function vmRssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error('no VmRSS');
  return Number(match[1]) * 1024;
}

/** The process's user + system CPU time in seconds (clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** VmRSS sampled every `everyMs` until stopped: the peak over a phase. */
export function sampleRss(pid: number, everyMs = 250): { stop(): number } {
  let peak = vmRssBytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, vmRssBytes(pid))), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, vmRssBytes(pid));
    },
  };
}

/**
 * A child's inspector (started with --inspect=127.0.0.1:0; its URL is in the child's output), to
 * run a full garbage collection before a memory figure and read process.memoryUsage() inside it.
 */
export interface ProcessInspector {
  collectGarbage(): Promise<void>;
  memoryUsage(): Promise<NodeJS.MemoryUsage>;
  close(): void;
}

export async function inspectProcess(output: () => string): Promise<ProcessInspector> {
  const url = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(output())?.[1];
  if (!url) throw new Error('the process did not start its inspector');
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  const call = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve) => {
      id += 1;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    collectGarbage: async () => void (await call('HeapProfiler.collectGarbage')),
    memoryUsage: async () => {
      const result = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as { result: { value: string } };
      return JSON.parse(result.result.value) as NodeJS.MemoryUsage;
    },
    close: () => ws.close(),
  };
}

/** Runs `start` with NODE_OPTIONS asking the child for an inspector on a free loopback port. */
export async function withChildInspector<T>(start: () => Promise<T>): Promise<T> {
  const nodeOptions = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${nodeOptions ?? ''} --inspect=127.0.0.1:0`.trim();
  try {
    return await start();
  } finally {
    if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = nodeOptions;
  }
}
