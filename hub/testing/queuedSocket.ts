import type WebSocket from 'ws';

/**
 * A real WebSocket client for the hub's sockets that queues the JSON messages it receives, so a
 * test can wait for the first one (already received or still to come) that matches.
 */
export class QueuedSocket<M> {
  readonly received: M[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { match: (message: M) => boolean; resolve: (message: M) => void }[] = [];

  protected constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as M;
      this.received.push(message);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(message)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** `socket` once its `ws` is open; rejects with the HTTP status when the hub refuses the upgrade. */
  protected static opened<S extends { readonly ws: WebSocket }>(socket: S): Promise<S> {
    return new Promise((resolve, reject) => {
      socket.ws.once('open', () => resolve(socket));
      socket.ws.once('unexpected-response', (_request, response) => reject(new Error(`refused ${response.statusCode}`)));
      socket.ws.once('error', reject);
    });
  }

  /** The first message (already received or still to come) that passes `test`, within `timeoutMs`; `what` names it when none does. */
  protected waitFor(test: (message: M) => boolean, timeoutMs: number, what: string): Promise<M> {
    const already = this.received.find(test);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter = { match: test, resolve: (message: M) => (clearTimeout(timer), resolve(message)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no ${what} within ${timeoutMs} ms; received ${JSON.stringify(this.received.slice(-5))}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Forgets what was received so far (so the next wait is for something new). */
  clear(): void {
    this.received.length = 0;
  }

  close(): void {
    this.ws.close();
  }
}
