// The encrypted store's cost: the same statements (RecordStore) on an SQLCipher file and on a
// plain file, in one run, as throughput and a ratio; and the time to open the store including
// fetching its key from the real keychain. Needs a keychain:
//   scripts/with-keyring.sh npx tsx bench/store.ts
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../electron/services/logger';
import { openRecordStore } from '../electron/store/openRecordStore';
import { openPlaintextStoreForBenchmark, type RecordPayload, type RecordStore } from '../electron/store/recordStore';
import { keyringSecretStore } from '../electron/store/secretStore';
import { percentile, summary } from './stats';

const INSERTS = 1_000;
const RECORDS = 5_000;
const READ_SCANS = 4;
const ROUNDS = 5;
const OPENS = 50;
const SHIFT = 'bench-shift';

const log = createLogger({});
const secrets = keyringSecretStore();
const keyName = `bench-${randomUUID().slice(0, 8)}`;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-bench-store-'));
const encryptedFile = path.join(workDir, 'encrypted.db');
const plainFile = path.join(workDir, 'plain.db');

/** A contact record about the size the form produces: a dozen fields and a paragraph of notes. */
function payload(seq: number): RecordPayload {
  return {
    channel: seq % 2 ? 'phone' : 'chat',
    durationMinutes: 5 + (seq % 40),
    ageGroup: '18-24',
    gender: 'unknown',
    topics: ['loneliness', 'family', 'school'].slice(0, 1 + (seq % 3)),
    returning: seq % 5 === 0,
    referral: null,
    notes: `Samtale ${seq}: `.padEnd(600, 'lorem ipsum dolor sit amet '),
  };
}

interface Timed {
  samples: number[];
  seconds: number;
  /** This process's CPU time (user + system): steadier than wall time on a shared machine. */
  cpuSeconds: number;
}
function timed(count: number, operation: (index: number) => void): Timed {
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const begin = performance.now();
    operation(index);
    samples.push(performance.now() - begin);
  }
  const used = process.cpuUsage(cpu);
  return { samples, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** One committed saveDraft per new contact (synchronous=FULL: an fsync each). */
function inserts(store: RecordStore, round: number): Timed {
  return timed(INSERTS, (index) => {
    store.saveDraft({ recordId: randomUUID(), shiftId: `${SHIFT}-${round}`, payloadVersion: 1, payload: payload(index) });
  });
}

/**
 * Every queued record read and parsed, the sync's read path (it writes no audit entry). The
 * records (about 4 MiB) outgrow SQLite's default 2 MiB page cache, so each scan reads, and
 * decrypts, pages from the file again.
 */
function reads(store: RecordStore): Timed {
  return timed(READ_SCANS, () => {
    if (store.pendingOutbox(RECORDS).length !== RECORDS) throw new Error('benchmark outbox incomplete');
  });
}

function fill(store: RecordStore): void {
  for (let index = 0; index < RECORDS; index++) {
    store.finalizeRecord({ recordId: randomUUID(), shiftId: SHIFT, payloadVersion: 1, payload: payload(index) });
  }
}

const median = (values: number[]): number => percentile(values, 50);

try {
  const encrypted = await openRecordStore({ file: encryptedFile, secrets, keyName, log });
  const plain = openPlaintextStoreForBenchmark(plainFile, log);
  fill(encrypted);
  fill(plain);

  // Alternate rounds so neither file enjoys a warmer cache or a quieter disk.
  type Series = { rate: number[]; cpu: number[]; samples: number[] };
  const series = (): Series => ({ rate: [], cpu: [], samples: [] });
  const results = { plainInsert: series(), encryptedInsert: series(), plainRead: series(), encryptedRead: series() };
  const record = (into: Series, count: number, run: Timed): void => {
    into.rate.push(count / run.seconds);
    into.cpu.push((run.cpuSeconds / count) * 1e6);
    into.samples.push(...run.samples);
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, store] of [['plain', plain], ['encrypted', encrypted]] as const) {
      record(results[`${name}Insert`], INSERTS, inserts(store, round));
      record(results[`${name}Read`], READ_SCANS * RECORDS, reads(store));
    }
  }
  encrypted.close();
  plain.close();

  const size = (file: string): string => `${(fs.statSync(file).size / 1024 / 1024).toFixed(2)} MiB`;
  console.log(`store throughput, same schema and statements, ${ROUNDS} alternating rounds (${RECORDS} final records + ${ROUNDS * INSERTS} drafts; encrypted ${size(encryptedFile)}, plain ${size(plainFile)})`);
  console.log(summary('insert (saveDraft, 1 commit each), plain', results.plainInsert.samples));
  console.log(summary('insert (saveDraft, 1 commit each), SQLCipher', results.encryptedInsert.samples));
  console.log(summary(`read all (pendingOutbox ${RECORDS}), plain`, results.plainRead.samples));
  console.log(summary(`read all (pendingOutbox ${RECORDS}), SQLCipher`, results.encryptedRead.samples));
  const line = (label: string, plainSeries: Series, encryptedSeries: Series): void => {
    const [plainRate, encryptedRate] = [median(plainSeries.rate), median(encryptedSeries.rate)];
    const [plainCpu, encryptedCpu] = [median(plainSeries.cpu), median(encryptedSeries.cpu)];
    console.log(
      `${label.padEnd(16)} plain ${plainRate.toFixed(0).padStart(6)}/s, SQLCipher ${encryptedRate.toFixed(0).padStart(6)}/s -> ratio ${(plainRate / encryptedRate).toFixed(2)}x` +
        `  | CPU per op: plain ${plainCpu.toFixed(1)} µs, SQLCipher ${encryptedCpu.toFixed(1)} µs -> ratio ${(encryptedCpu / plainCpu).toFixed(2)}x`,
    );
  };
  line('inserts', results.plainInsert, results.encryptedInsert);
  line('records read', results.plainRead, results.encryptedRead);

  // Opening: the keychain round trip, then the whole open (key from the keychain, key check,
  // inspection with quick_check of every page, exclusive lock, WAL, migrations check).
  const keychain: number[] = [];
  for (let index = 0; index < OPENS; index++) {
    const begin = performance.now();
    await secrets.get(keyName);
    keychain.push(performance.now() - begin);
  }
  const opens = async (file: string, name: string): Promise<number[]> => {
    const durations: number[] = [];
    for (let index = 0; index < OPENS; index++) {
      const begin = performance.now();
      const store = await openRecordStore({ file, secrets, keyName: name, log });
      durations.push(performance.now() - begin);
      store.close();
    }
    return durations;
  };
  // A typical workstation's file is small: records leave it once the hub has them.
  const smallFile = path.join(workDir, 'small.db');
  const small = await openRecordStore({ file: smallFile, secrets, keyName: `${keyName}-small`, log });
  for (let index = 0; index < 20; index++) small.finalizeRecord({ recordId: randomUUID(), shiftId: SHIFT, payloadVersion: 1, payload: payload(index) });
  small.close();
  console.log('store open, key from the keychain');
  console.log(summary('keychain get (Secret Service over D-Bus)', keychain));
  console.log(summary(`openRecordStore, ${size(smallFile)} file (20 records)`, await opens(smallFile, `${keyName}-small`)));
  console.log(summary(`openRecordStore, ${size(encryptedFile)} file`, await opens(encryptedFile, keyName)));
} finally {
  await secrets.delete(keyName);
  await secrets.delete(`${keyName}-small`);
  fs.rmSync(workDir, { recursive: true, force: true });
}
