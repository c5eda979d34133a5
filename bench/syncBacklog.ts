// A workstation's backlog drained to the hub (issue 6, point 8): a real encrypted record store
// holding 10,000 finalised records in its outbox, a counsellor session on the real hub process,
// and the workstation's SyncService sending it all; seconds until the hub has every record, on
// PGlite and on PostgreSQL in the same run, with the ratio. Afterwards the hub is checked: every
// record there exactly once, with the content sent, and the outbox empty. Needs a keychain:
//   scripts/with-keyring.sh npx tsx bench/syncBacklog.ts
// Size: BACKLOG_RECORDS (default 10000).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SyncStatus } from '../shared/contract/schemas';
import { RECORD_SCHEMA_VERSION, type ContactRecord } from '../shared/records/recordModel';
import { totpCodeAt } from '../hub/src/accounts/totp';
import type { DatabaseEngine } from '../hub/src/db/database';
import { createRecordFactory } from '../hub/testing/recordFactory';
import { HubClient, describeFailure } from '../electron/hub/hubClient';
import { HubConnection } from '../electron/hub/hubConnection';
import type { Logger } from '../electron/services/logger';
import { SyncService, syncHubOf } from '../electron/services/syncService';
import { openRecordStore } from '../electron/store/openRecordStore';
import { keyringSecretStore } from '../electron/store/secretStore';
import { engineName, engines, openStorage, prepareHubStorage, recordsOnHub, sizeFromEnv, startBenchPostgres, startHubOn, temporaryWorkDir, type BenchPostgres } from './hubBenchKit';

const RECORDS = sizeFromEnv('BACKLOG_RECORDS', 10_000);
/** Nothing should take this long; a drain that does has failed. */
const DRAIN_TIMEOUT_MS = 10 * 60_000;

/** The sync's log, kept: a retry during the run is part of the figure and is reported with it. */
function countingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const keep = (scope: string, message: string, fields: Record<string, unknown> = {}): void => void warnings.push(`${scope}: ${message} ${JSON.stringify(fields)}`);
  return { warnings, info: () => undefined, warn: keep, error: keep };
}

/** A long shift's worth of records, two in five counselling contacts with a summary. */
function backlogRecords(): ContactRecord[] {
  const factory = createRecordFactory(10);
  const now = Date.now();
  return factory.records(RECORDS, { from: new Date(now - 3 * 86_400_000), to: new Date(now) }, { shiftId: 'bench-backlog-shift' }).map((record, index) =>
    record.contactType === 'counselling' && index % 5 < 2
      ? { ...record, summary: `Samtale ${index}: `.padEnd(150 + (index % 400), 'talte om skolen, venner og at sove dårligt; aftalte at ringe igen. ') }
      : record,
  );
}

interface Drained {
  seconds: number;
  warnings: string[];
  onHub: { total: number; present: number; sameContent: number };
  leftInOutbox: { pending: number; quarantined: number };
}

/** One workstation (its own copy of the filled store) draining to a fresh hub on `engine`. */
async function drain(engine: DatabaseEngine, postgres: BenchPostgres, workDir: string, template: string, keyName: string, records: readonly ContactRecord[]): Promise<Drained> {
  const storeDir = fs.mkdtempSync(path.join(workDir, `store-${engine}-`));
  for (const name of fs.readdirSync(path.dirname(template))) {
    if (name.startsWith(path.basename(template))) fs.copyFileSync(path.join(path.dirname(template), name), path.join(storeDir, name));
  }
  const { storage, users } = await prepareHubStorage(engine, postgres, workDir, 1);
  const [user] = users;
  if (!user?.totpSecret) throw new Error('the bench counsellor has no TOTP secret');
  const hub = await startHubOn(storage);
  const log = countingLogger();
  const store = await openRecordStore({ file: path.join(storeDir, path.basename(template)), secrets, keyName, log });
  const client = new HubClient({ baseUrl: hub.url });
  const connection = new HubConnection(client, log, { link: () => undefined, sessionLost: () => undefined });
  let service: SyncService | null = null;
  let seconds: number;
  let leftInOutbox: Drained['leftInOutbox'];
  try {
    if (store.outboxStatus().pending !== records.length) throw new Error(`the store's outbox holds ${store.outboxStatus().pending} records, not ${records.length}`);
    const login = await connection.login({ username: user.username, password: user.password, totp: totpCodeAt(user.totpSecret, new Date()) });
    if (!login.ok) throw new Error(`counsellor login failed: ${describeFailure(login.failure)}`);

    let settle: (status: SyncStatus) => void = () => undefined;
    const empty = new Promise<SyncStatus>((resolve) => (settle = resolve));
    const onStatus = (status: SyncStatus): void => {
      if (status.pending === 0) settle(status);
    };
    service = new SyncService(syncHubOf(connection), log, onStatus);
    const started = performance.now();
    service.attach(store);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the outbox did not drain within ${DRAIN_TIMEOUT_MS / 1000} s: ${JSON.stringify(service?.status())}`)), DRAIN_TIMEOUT_MS)));
    await Promise.race([empty, timeout]).finally(() => clearTimeout(timer));
    seconds = (performance.now() - started) / 1000;
    await service.idle();
    leftInOutbox = store.outboxStatus();
  } finally {
    service?.dispose();
    connection.stop();
    client.dispose();
    store.close();
    await hub.stop();
  }
  // Counted after the hub stopped: PGlite lets one process at a time into its directory.
  const db = await openStorage(storage);
  try {
    return { seconds, warnings: log.warnings, onHub: await recordsOnHub(db, records), leftInOutbox };
  } finally {
    await db.close();
  }
}

const secrets = keyringSecretStore();
const keyName = `bench-backlog-${randomUUID().slice(0, 8)}`;
const workDir = temporaryWorkDir('backlog');
const postgres = await startBenchPostgres();
try {
  // Filled once, then copied for each engine: the same file, the same key, the same records.
  const records = backlogRecords();
  const template = path.join(workDir, 'template', 'records.db');
  fs.mkdirSync(path.dirname(template));
  const fillStarted = performance.now();
  const filling = await openRecordStore({ file: template, secrets, keyName, log: countingLogger() });
  for (const record of records) filling.finalizeRecord({ recordId: record.id, shiftId: record.shiftId, payloadVersion: RECORD_SCHEMA_VERSION, payload: record });
  filling.close();
  const fillSeconds = (performance.now() - fillStarted) / 1000;

  const results = new Map<DatabaseEngine, Drained>();
  for (const engine of engines) results.set(engine, await drain(engine, postgres, workDir, template, keyName, records));

  console.log(`sync backlog: ${RECORDS} finalised records in one encrypted store (filled in ${fillSeconds.toFixed(1)} s), drained by SyncService over one counsellor session`);
  for (const engine of engines) {
    const { seconds, warnings, onHub, leftInOutbox } = results.get(engine) as Drained;
    const name = engineName[engine];
    if (onHub.total !== RECORDS || onHub.present !== RECORDS || onHub.sameContent !== RECORDS || leftInOutbox.pending !== 0 || leftInOutbox.quarantined !== 0) {
      throw new Error(`${name}: the hub holds ${onHub.total} rows, ${onHub.present} of the ${RECORDS} ids, ${onHub.sameContent} with the content sent; outbox ${JSON.stringify(leftInOutbox)}`);
    }
    console.log(
      `${name.padEnd(10)} drained in ${seconds.toFixed(2).padStart(6)} s (${(RECORDS / seconds).toFixed(0)} records/s); hub holds ${onHub.total} rows, each record once with its content; outbox empty` +
        (warnings.length > 0 ? `; ${warnings.length} warnings, first: ${warnings[0]}` : '; no retries'),
    );
  }
  const [lite, server] = [results.get('pglite') as Drained, results.get('postgres') as Drained];
  console.log(`ratio PGlite/PostgreSQL seconds: ${(lite.seconds / server.seconds).toFixed(2)}x`);
} finally {
  await secrets.delete(keyName);
  await postgres.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
