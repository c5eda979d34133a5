import WebSocket from 'ws';
import type { EventChannel, RequestChannel } from '../../shared/contract/channels';
import type { ApiResult } from '../../shared/contract/result';
import type { EventOf, RequestOf, ResponseOf } from '../../shared/contract/schemas';
import type { BridgeServerFrame } from '../../shared/contract/tavsApi';
import type { Workstation } from './workstation';

/**
 * A test-side client of the development bridge, speaking the same contract as the renderer.
 * Lets a spec act as the renderer from Node and see every event the main process pushes.
 */
export class BridgeClient {
  readonly events: { event: EventChannel; payload: unknown }[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, (result: ApiResult<unknown>) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as BridgeServerFrame;
      if (frame.kind === 'event') this.events.push({ event: frame.event, payload: frame.payload });
      else this.pending.get(frame.id)?.(frame.result);
    });
  }

  static async connect(workstation: Workstation): Promise<BridgeClient> {
    const url = `${workstation.origin.replace('http', 'ws')}/__tavs/bridge?token=${workstation.token}`;
    const socket = new WebSocket(url, { origin: workstation.origin });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new BridgeClient(socket);
  }

  invoke<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (result: ApiResult<unknown>) => void);
      this.socket.send(JSON.stringify({ kind: 'request', id, channel, payload }));
    });
  }

  /** Waits for the first event of a kind (after `from`) that satisfies `match`. */
  async waitFor<E extends EventChannel>(event: E, match: (payload: EventOf<E>) => boolean, timeoutMs = 10_000, from = 0): Promise<EventOf<E>> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.events.slice(from).find((entry) => entry.event === event && match(entry.payload as EventOf<E>));
      if (found) return found.payload as EventOf<E>;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no ${event} event matched within ${timeoutMs} ms`);
  }

  close(): void {
    this.socket.close();
  }
}
