import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { contentHashOf } from '../../hub/src/records/recordIngest';
import { loginToken } from '../../hub/testing/testAccounts';
import { SYNC_BATCH_PATH } from '../../shared/hub/syncApi';
import type { ContactRecord } from '../../shared/records/recordModel';
import { HubClient } from '../../electron/hub/hubClient';
import { forgetTestKeys, removeTemporaryDirectories, requireKeychain, temporaryDirectory, waitFor } from '../../electron/store/testing/storeTestKit';
import { startFaultProxy, type FaultProxy } from '../testing/faultProxy';
import { startHub, type HubUnderTest } from '../testing/hubUnderTest';
import { byId, fastTuning, startWorkstation, type WorkstationUnderTest } from '../testing/workstationUnderTest';

// The record outbox against the real hub (issue 6 point 3, DESIGN.md I4): a real encrypted store
// with its key in the real keychain, the workstation's services as main.ts wires them, and the
// hub on PGlite behind a proxy that fails the way networks and servers fail. Every test ends by
// comparing the hub's records with what the workstation finalised: same ids, same content, once.
// Run: scripts/with-keyring.sh npx vitest run integration

let hub: HubUnderTest;
let proxy: FaultProxy;
const running: WorkstationUnderTest[] = [];

beforeAll(async () => {
  await requireKeychain();
  hub = await startHub();
  proxy = await startFaultProxy(hub.url);
}, 60_000);

afterEach(async () => {
  proxy.set({ kind: 'forward' });
  proxy.beforeAnswer = null;
  for (const workstation of running.splice(0)) await workstation.dispose();
  await forgetTestKeys();
  removeTemporaryDirectories();
  await hub.db.exec('TRUNCATE records');
});

afterAll(async () => {
  await proxy?.close();
  await hub?.close();
});

async function workstation(options: { dataDir?: string; keyName?: string; tuning?: typeof fastTuning } = {}): Promise<WorkstationUnderTest> {
  const started = await startWorkstation({ hubUrl: proxy.url, dataDir: options.dataDir ?? temporaryDirectory(), keyName: options.keyName, tuning: options.tuning });
  running.push(started);
  return started;
}

/** Waits until the outbox holds exactly `count` records and each has failed to go at least once. */
async function failedOnce(station: WorkstationUnderTest, count: number): Promise<void> {
  await waitFor(() => {
    const items = station.store.pendingOutbox(1_000);
    return items.length === count && items.every((item) => item.attempts >= 1);
  }, `${count} records that failed to go`);
}

async function counsellorOn(station: WorkstationUnderTest): Promise<void> {
  const login = await station.login(await hub.user('counsellor'));
  if (!login.ok) throw new Error(`login failed: ${login.error.code}`);
}

/** Exactly these records on the hub, each once, each with the content the workstation finalised. */
async function expectExactlyOnce(expected: ReadonlyMap<string, ContactRecord>): Promise<void> {
  const onHub = await hub.records();
  expect([...onHub.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [id, record] of expected) expect(onHub.get(id), id).toBe(contentHashOf(record));
}

const syncStatus = (station: WorkstationUnderTest) => station.call('sync:status', {});
const batchRequests = (): number => proxy.requests.filter((request) => request.path === SYNC_BATCH_PATH).length;
const idsSent = (): string[] =>
  proxy.requests
    .filter((request) => request.path === SYNC_BATCH_PATH)
    .flatMap((request) => ((request.body as { records?: { id: string }[] } | null)?.records ?? []).map((record) => record.id));

describe('record sync to the real hub', () => {
  test('every record reaches the hub once, with its content, in batches of at most 100; the outbox empties', async () => {
    // A deadline long enough for a full batch on PGlite: here nothing fails, so nothing may go twice.
    const station = await workstation({ tuning: { ...fastTuning, timeouts: { ...fastTuning.timeouts, syncMs: 20_000 } } });
    await counsellorOn(station);
    // The hub is away while 230 records pile up, so they go as a backlog in full batches.
    proxy.set({ kind: 'reset' }, SYNC_BATCH_PATH);
    await station.recordContacts(230);
    await waitFor(() => station.store.outboxStatus().pending === 230, '230 records in the outbox');
    const before = batchRequests();
    proxy.set({ kind: 'forward' });
    await waitFor(() => station.store.outboxStatus().pending === 0, 'the outbox to drain', 30_000);

    await expectExactlyOnce(byId(station.finalized));
    const sizes = proxy.requests
      .filter((request) => request.path === SYNC_BATCH_PATH)
      .slice(before)
      .map((request) => (request.body as { records: unknown[] }).records.length);
    expect(Math.max(...sizes)).toBe(100);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(230);
    // One send in flight at a time.
    expect(proxy.maxConcurrent.get(SYNC_BATCH_PATH)).toBe(1);
    const status = await syncStatus(station);
    expect(status).toMatchObject({ ok: true, value: { pending: 0, quarantined: 0, lastError: null } });
    expect(status.ok && typeof status.value.lastSyncedAt === 'number').toBe(true);
    // The renderer was told: the last pushed status is the empty outbox.
    expect(station.pushed('sync:status').at(-1)).toMatchObject({ pending: 0, quarantined: 0, lastError: null });
  }, 90_000);

  test('each submitted record is sent right away while the hub is there', async () => {
    const station = await workstation();
    await counsellorOn(station);
    const [id] = await station.recordContacts(1);
    await waitFor(() => station.store.outboxStatus().pending === 0, 'the record to be sent');
    expect(idsSent()).toContain(id);
    await expectExactlyOnce(byId(station.finalized));
  }, 30_000);

  test('a hub answering 500: the records wait with "n ikke sendt", retries back off, and all arrive once when it recovers', async () => {
    const station = await workstation();
    await counsellorOn(station);
    proxy.set({ kind: 'fail-500' }, SYNC_BATCH_PATH);
    await station.recordContacts(3);
    await waitFor(() => station.pushed('sync:status').some((status) => status.pending === 3 && status.lastError === 'hub-error'), 'a pushed status with 3 pending');
    // Attempts and the error are kept with each record (as a code, for the administrator).
    await failedOnce(station, 3);
    expect(station.store.pendingOutbox(10).every((item) => item.lastError === 'hub-error')).toBe(true);
    await waitFor(() => batchRequests() >= 3, 'retries');
    expect((await hub.records()).size).toBe(0);

    proxy.set({ kind: 'forward' });
    await waitFor(() => station.store.outboxStatus().pending === 0, 'the outbox to drain after recovery');
    await expectExactlyOnce(byId(station.finalized));
    expect(station.pushed('sync:status').at(-1)).toMatchObject({ pending: 0, lastError: null });
  }, 30_000);

  test('a hub that hangs: the send times out, is retried, and the records arrive once', async () => {
    const station = await workstation();
    await counsellorOn(station);
    proxy.set({ kind: 'hang' }, SYNC_BATCH_PATH);
    const started = Date.now();
    await station.recordContacts(2);
    await waitFor(() => station.pushed('sync:status').some((status) => status.lastError === 'hub-timeout'), 'the send to time out');
    // The deadline (500 ms here) ended the wait, not the hub.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(station.store.outboxStatus().pending).toBe(2);

    proxy.set({ kind: 'forward' });
    await waitFor(() => station.store.outboxStatus().pending === 0, 'the outbox to drain');
    await expectExactlyOnce(byId(station.finalized));
    expect(proxy.maxConcurrent.get(SYNC_BATCH_PATH)).toBe(1);
  }, 30_000);

  test('the hub stored a batch but its answer was lost: the resend is a duplicate, and nothing is doubled', async () => {
    const station = await workstation();
    await counsellorOn(station);
    proxy.set({ kind: 'forward-then-drop' }, SYNC_BATCH_PATH);
    await station.recordContacts(4);
    await waitFor(() => station.pushed('sync:status').some((status) => status.lastError === 'hub-unreachable'), 'the lost answer');
    // The hub has them all; the workstation cannot know it and keeps them.
    await failedOnce(station, 4);
    await expect.poll(async () => (await hub.records()).size).toBe(4);
    expect(station.store.outboxStatus().pending).toBe(4);

    proxy.set({ kind: 'forward' });
    await waitFor(() => station.store.outboxStatus().pending === 0, 'the outbox to drain');
    await expectExactlyOnce(byId(station.finalized));
    // The same ids really went more than once.
    const sent = idsSent();
    expect(sent.length).toBeGreaterThan(new Set(sent).size);
  }, 30_000);

  test('the workstation stops after the hub stored a batch but before the acknowledgement was written: after a restart it is sent once more and counted once', async () => {
    const dataDir = temporaryDirectory();
    const first = await workstation({ dataDir });
    await counsellorOn(first);
    proxy.set({ kind: 'reset' }, SYNC_BATCH_PATH);
    await first.recordContacts(3);
    await failedOnce(first, 3);
    const expected = byId(first.finalized);

    // The next answer is held until the workstation is gone: the hub commits, the workstation never hears of it.
    let stopped = false;
    proxy.beforeAnswer = (request) => {
      if (request.path === SYNC_BATCH_PATH && !stopped) {
        stopped = true;
        running.splice(running.indexOf(first), 1);
        first.workstation.dispose();
      }
      return Promise.resolve();
    };
    proxy.set({ kind: 'forward' });
    await waitFor(() => stopped, 'the hub to answer the batch');
    await first.workstation.settled();
    proxy.beforeAnswer = null;
    await expectExactlyOnce(expected);
    // Nothing was acknowledged: the store closed with all three still in its outbox.

    const second = await workstation({ dataDir, keyName: first.keyName });
    expect(second.store.outboxStatus().pending).toBe(3);
    await counsellorOn(second);
    await waitFor(() => second.store.outboxStatus().pending === 0, 'the outbox to drain after the restart');
    await expectExactlyOnce(expected);
  }, 60_000);

  test('the same batch sent twice is stored once and answered as a duplicate', async () => {
    const station = await workstation();
    proxy.set({ kind: 'reset' }, SYNC_BATCH_PATH);
    await counsellorOn(station);
    await station.recordContacts(2);
    const client = new HubClient({ baseUrl: hub.url });
    try {
      const token = await loginToken(hub.app, await hub.user('counsellor'));
      const batch = { batchId: randomUUID(), records: station.finalized.map((record) => record.payload) };
      const first = await client.sendBatch(token, batch);
      const second = await client.sendBatch(token, batch);
      expect(first).toMatchObject({ ok: true, value: { results: [{ status: 'stored' }, { status: 'stored' }] } });
      expect(second).toMatchObject({ ok: true, value: { results: [{ status: 'duplicate' }, { status: 'duplicate' }] } });
    } finally {
      client.dispose();
    }
    // The workstation's own send of the same records is then a duplicate too, and acknowledged.
    proxy.set({ kind: 'forward' });
    await waitFor(() => station.store.outboxStatus().pending === 0, 'the outbox to drain');
    await expectExactlyOnce(byId(station.finalized));
  }, 30_000);

  test('a record the hub refuses is quarantined: kept, never resent, and shown; the rest of its batch goes through', async () => {
    const station = await workstation();
    proxy.set({ kind: 'reset' }, SYNC_BATCH_PATH);
    await counsellorOn(station);
    const good = await station.recordContacts(2);
    // A record that no longer fits the record schema (as after a model change gone wrong).
    const invalidId = randomUUID();
    station.store.finalizeRecord({ recordId: invalidId, shiftId: 'old-shift', payloadVersion: 1, payload: { id: invalidId, channel: 'fax' } });
    proxy.set({ kind: 'forward' });

    await waitFor(() => station.store.outboxStatus().quarantined === 1 && station.store.outboxStatus().pending === 0, 'the outbox to settle');
    expect([...(await hub.records()).keys()].sort()).toEqual([...good].sort());
    expect(station.pushed('sync:status').at(-1)).toMatchObject({ pending: 0, quarantined: 1 });
    expect(await syncStatus(station)).toMatchObject({ ok: true, value: { quarantined: 1 } });
    expect(station.store.auditEntries(0).filter((entry) => entry.action === 'quarantined').map((entry) => entry.recordId)).toEqual([invalidId]);
    expect(station.log.text()).toContain('records refused by the hub: quarantined');

    // Never sent again, whatever triggers a send.
    const sentBefore = idsSent().filter((id) => id === invalidId).length;
    await station.recordContacts(1);
    await waitFor(() => station.store.outboxStatus().pending === 0, 'the next record to be sent');
    expect(idsSent().filter((id) => id === invalidId).length).toBe(sentBefore);
    expect(station.store.outboxStatus().quarantined).toBe(1);
  }, 30_000);

  test('a record whose id the hub already holds with other content is quarantined as a conflict', async () => {
    const first = await workstation();
    await counsellorOn(first);
    await first.recordContacts(1);
    await waitFor(() => first.store.outboxStatus().pending === 0, 'the first record to be sent');
    const original = first.finalized[0];
    if (!original) throw new Error('no record');

    const second = await workstation();
    proxy.set({ kind: 'reset' }, SYNC_BATCH_PATH);
    await counsellorOn(second);
    second.store.finalizeRecord({
      recordId: original.recordId,
      shiftId: 'other-shift',
      payloadVersion: original.payloadVersion,
      payload: { ...original.payload, summary: 'an altered copy' },
    });
    proxy.set({ kind: 'forward' });
    await waitFor(() => second.store.outboxStatus().quarantined === 1, 'the conflict to be quarantined');
    expect((await hub.records()).get(original.recordId)).toBe(contentHashOf(original.payload as unknown as ContactRecord));
  }, 30_000);

  test('a batch the hub refuses as a whole (400) is quarantined, not retried forever or dropped', async () => {
    const station = await workstation();
    await counsellorOn(station);
    proxy.set({ kind: 'answer', status: 400, body: { error: 'invalid-request', message: 'invalid record batch' } }, SYNC_BATCH_PATH);
    await station.recordContacts(2);
    await waitFor(() => station.store.outboxStatus().quarantined === 2, 'the batch to be quarantined');
    expect(station.store.outboxStatus().pending).toBe(0);
    expect(station.pushed('sync:status').at(-1)).toMatchObject({ pending: 0, quarantined: 2, lastError: 'hub-refused' });
    const sent = batchRequests();
    proxy.set({ kind: 'forward' });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(batchRequests()).toBe(sent);
    expect((await hub.records()).size).toBe(0);
  }, 30_000);

  test('a busy hub (429) is retried later; nothing is dropped', async () => {
    const station = await workstation();
    await counsellorOn(station);
    proxy.set({ kind: 'answer', status: 429, body: { error: 'rate-limited', message: 'too many requests' }, headers: { 'retry-after': '1' } }, SYNC_BATCH_PATH);
    await station.recordContacts(2);
    await waitFor(() => station.pushed('sync:status').some((status) => status.lastError === 'hub-busy'), 'the busy answer');
    expect(station.store.outboxStatus()).toMatchObject({ pending: 2, quarantined: 0 });
    proxy.set({ kind: 'forward' });
    await waitFor(() => station.store.outboxStatus().pending === 0, 'the outbox to drain');
    await expectExactlyOnce(byId(station.finalized));
  }, 30_000);

  test('an answer that does not match the batch acknowledges nothing: the records stay and go again', async () => {
    const station = await workstation();
    await counsellorOn(station);
    proxy.set({ kind: 'answer', status: 200, body: { results: [{ id: randomUUID(), status: 'stored' }] } }, SYNC_BATCH_PATH, 1);
    await station.recordContacts(1);
    await waitFor(() => station.pushed('sync:status').some((status) => status.lastError === 'hub-error'), 'the mismatch to be noticed');
    await waitFor(() => station.store.outboxStatus().pending === 0, 'the record to go again');
    await expectExactlyOnce(byId(station.finalized));
  }, 30_000);

  test('a batch too large for the hub (413) is split, and every record still arrives once', async () => {
    const station = await workstation();
    await counsellorOn(station);
    proxy.set({ kind: 'reset' }, SYNC_BATCH_PATH);
    await station.recordContacts(4);
    await failedOnce(station, 4);
    const before = batchRequests();
    proxy.set({ kind: 'answer', status: 413, body: { error: 'too-large', message: 'request body too large' } }, SYNC_BATCH_PATH, 1);
    await waitFor(() => station.store.outboxStatus().pending === 0, 'the outbox to drain in smaller batches');
    const sizes = proxy.requests
      .filter((request) => request.path === SYNC_BATCH_PATH)
      .slice(before)
      .map((request) => (request.body as { records: unknown[] }).records.length);
    expect(sizes).toEqual([4, 2, 2]);
    expect(station.store.outboxStatus().quarantined).toBe(0);
    await expectExactlyOnce(byId(station.finalized));
  }, 30_000);

  test('without a hub session nothing is sent; logging in sends the backlog', async () => {
    const station = await workstation();
    await counsellorOn(station);
    proxy.set({ kind: 'reset' }, SYNC_BATCH_PATH);
    await station.recordContacts(2);
    await station.call('session:logout', {});
    await station.workstation.settled();
    proxy.set({ kind: 'forward' });
    const sent = batchRequests();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(batchRequests()).toBe(sent);
    expect(station.store.outboxStatus().pending).toBe(2);

    await counsellorOn(station);
    await waitFor(() => station.store.outboxStatus().pending === 0, 'the backlog to go after login');
    await expectExactlyOnce(byId(station.finalized));
  }, 30_000);
});
