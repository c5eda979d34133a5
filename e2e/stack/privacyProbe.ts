import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page, WebSocket as PageWebSocket } from '@playwright/test';

/**
 * Collects everything a counsellor's workstation produced, so a spec can search it for canary
 * identifiers (invariant I1): the DOM, the renderer's whole JavaScript heap (the zustand store
 * and sip.js included), every frame that crossed the API, and every file and log line the
 * main process wrote.
 */
export class PrivacyProbe {
  private readonly frames: string[] = [];

  constructor(private readonly page: Page) {
    page.on('websocket', (socket: PageWebSocket) => {
      socket.on('framesent', (frame) => this.frames.push(String(frame.payload)));
      socket.on('framereceived', (frame) => this.frames.push(String(frame.payload)));
    });
  }

  /** Every API frame seen so far (the development bridge carries the same contract as IPC). */
  apiTraffic(): string {
    return this.frames.join('\n');
  }

  async dom(): Promise<string> {
    return `${await this.page.content()}\n${await this.page.evaluate(() => document.body.innerText)}`;
  }

  /** A V8 heap snapshot of the renderer: every string the page still holds. */
  async heap(): Promise<string> {
    const session: CDPSession = await this.page.context().newCDPSession(this.page);
    const chunks: string[] = [];
    session.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }: { chunk: string }) => chunks.push(chunk));
    await session.send('HeapProfiler.enable');
    await session.send('HeapProfiler.collectGarbage');
    await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    await session.detach();
    return chunks.join('');
  }
}

/** Every file under a directory, as text (binary bytes read as latin1 so nothing is skipped). */
export function filesUnder(dir: string): string {
  const parts: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    parts.push(`== ${file}\n${fs.readFileSync(file).toString('latin1')}`);
  }
  return parts.join('\n');
}

/** The canaries (of those given) that occur in a text. */
export function leaked(text: string, canaries: readonly string[]): string[] {
  return canaries.filter((canary) => text.includes(canary));
}
