import { describe, expect, test } from 'vitest';
import { DraftSaveQueue, type SaveEvent } from './draftSaveQueue';

/** A save function whose answers the test hands out one by one. */
function fakeServer() {
  const calls: Array<{ draftId: string; form: string; resolve: (at: number) => void; reject: (error: Error) => void }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const save = (draftId: string, form: string): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const done = <T,>(fn: (value: T) => void) => (value: T) => {
        inFlight -= 1;
        fn(value);
      };
      calls.push({ draftId, form, resolve: done(resolve), reject: done(reject) });
    });
  return { calls, save, maxInFlight: () => maxInFlight };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const server = fakeServer();
  const events: SaveEvent<string>[] = [];
  const queue = new DraftSaveQueue<string, string>(server.save, (event) => events.push(event), (error) => (error as Error).message);
  return { server, events, queue };
}

describe('the draft save queue', () => {
  test('never two saves in flight; changes made meanwhile collapse into the latest', async () => {
    const { server, events, queue } = setup();
    queue.push('d1', 'a');
    queue.push('d1', 'ab');
    queue.push('d1', 'abc');
    await tick();
    expect(server.calls.map((call) => call.form)).toEqual(['a']);
    server.calls[0]?.resolve(1);
    await tick();
    expect(server.calls.map((call) => call.form)).toEqual(['a', 'abc']);
    server.calls[1]?.resolve(2);
    await tick();
    expect(server.maxInFlight()).toBe(1);
    // "saved" is said only for the latest form, not for one that was already overtaken.
    expect(events.filter((event) => event.type === 'saved')).toEqual([{ type: 'saved', draftId: 'd1', savedAt: 2 }]);
    expect(queue.isIdle()).toBe(true);
  });

  test('flush waits for everything on its way and reports whether the draft is saved', async () => {
    const { server, queue } = setup();
    queue.push('d1', 'a');
    queue.push('d1', 'ab');
    let flushed: boolean | undefined;
    void queue.flush('d1').then((result) => (flushed = result));
    server.calls[0]?.resolve(1);
    await tick();
    expect(flushed).toBeUndefined();
    server.calls[1]?.resolve(2);
    await tick();
    expect(flushed).toBe(true);
  });

  test('a failed save is reported, kept, and sent again on retry or with the next change', async () => {
    const { server, events, queue } = setup();
    queue.push('d1', 'a');
    await tick();
    server.calls[0]?.reject(new Error('records-unavailable'));
    await tick();
    expect(events.at(-1)).toEqual({ type: 'failed', draftId: 'd1', error: 'records-unavailable' });
    expect(await queue.flush('d1')).toBe(false);
    queue.retry();
    await tick();
    expect(server.calls[1]?.form).toBe('a');
    server.calls[1]?.reject(new Error('internal'));
    await tick();
    // Another draft's change takes the failed one along.
    queue.push('d2', 'x');
    await tick();
    server.calls[2]?.resolve(3);
    await tick();
    server.calls[3]?.resolve(4);
    await tick();
    expect(server.calls.slice(2).map((call) => `${call.draftId}:${call.form}`).sort()).toEqual(['d1:a', 'd2:x']);
    expect(await queue.flush()).toBe(true);
  });

  test('a failure overtaken by a newer change is not reported: the newer save speaks for it', async () => {
    const { server, events, queue } = setup();
    queue.push('d1', 'a');
    await tick();
    queue.push('d1', 'ab');
    server.calls[0]?.reject(new Error('internal'));
    await tick();
    server.calls[1]?.resolve(5);
    await tick();
    expect(events.filter((event) => event.type !== 'saving')).toEqual([{ type: 'saved', draftId: 'd1', savedAt: 5 }]);
  });

  test('forget drops what waits for a submitted draft; close stops everything', async () => {
    const { server, events, queue } = setup();
    queue.push('d1', 'a');
    queue.push('d1', 'ab');
    queue.forget('d1');
    server.calls[0]?.resolve(1);
    await tick();
    expect(server.calls).toHaveLength(1);
    queue.push('d2', 'x');
    await tick();
    const before = events.length;
    queue.close();
    server.calls[1]?.resolve(2);
    queue.push('d2', 'y');
    await tick();
    expect(server.calls).toHaveLength(2);
    expect(events).toHaveLength(before);
  });
});
