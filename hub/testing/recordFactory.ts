import type { Queryable } from '../src/db/database';
import { ingestRecords } from '../src/records/recordIngest';
import {
  ageBands,
  channels,
  contactTypes,
  genders,
  minuteOf,
  outcomes,
  RECORD_SCHEMA_VERSION,
  referrals,
  type ContactRecord,
} from '../../shared/records/recordModel';
import { defaultTopics } from '../../shared/records/recordPolicy';
import { seededRandom } from '../../shared/testing/seededRandom';

export interface RecordFactory {
  /** One valid record; `overrides` replace generated fields. */
  record(overrides?: Partial<ContactRecord>): ContactRecord;
  /** `count` records starting at random minutes in [from, to). */
  records(count: number, window: { from: Date; to: Date }, overrides?: Partial<ContactRecord>): ContactRecord[];
  /** A uniform pick, for tests that want the factory's randomness. */
  pick<T>(values: readonly T[]): T;
}

/**
 * Deterministic, valid contact records (shared/records/recordModel.ts) for hub tests: the same
 * seed gives the same records, ids included. Summaries are empty (no free text in test data).
 */
export function createRecordFactory(seed: number): RecordFactory {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const hex = (digits: number): string => Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  const topicCodes = defaultTopics.map((topic) => topic.code);

  const record = (overrides: Partial<ContactRecord> = {}): ContactRecord => {
    const contactType = random() < 0.8 ? 'counselling' : pick(contactTypes);
    const topics = contactType === 'counselling' ? [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(topicCodes)))] : [];
    return {
      id: uuid(),
      schemaVersion: RECORD_SCHEMA_VERSION,
      channel: pick(channels),
      startedAt: minuteOf(new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 365 * 24 * 60) * 60_000)),
      durationMinutes: Math.floor(random() * 60),
      shiftId: `shift-${1 + Math.floor(random() * 20)}`,
      returningContact: random() < 0.3,
      contactType,
      topics,
      ageBand: pick(ageBands),
      gender: pick(genders),
      outcome: pick(outcomes),
      referral: random() < 0.7 ? 'none' : pick(referrals),
      emergency: { flagged: false, providerCallReference: null },
      summary: '',
      ...overrides,
    };
  };

  return {
    record,
    pick,
    records(count, window, overrides = {}) {
      const minutes = Math.floor((window.to.getTime() - window.from.getTime()) / 60_000);
      return Array.from({ length: count }, () =>
        record({ startedAt: minuteOf(new Date(window.from.getTime() + Math.floor(random() * minutes) * 60_000)), ...overrides }),
      );
    },
  };
}

/**
 * Stores records through the hub's own ingest (the path real records take), in batches, and
 * fails if any is not stored: a test's data must be exactly what it thinks it is. `receivedAt`
 * (the hub's clock at ingest) defaults to an hour after the latest record started.
 */
export async function insertRecords(db: Queryable, records: readonly ContactRecord[], receivedAt?: Date): Promise<void> {
  const latest = records.reduce((max, record) => Math.max(max, Date.parse(record.startedAt)), 0);
  const now = receivedAt ?? new Date(latest + 60 * 60_000);
  const batchSize = 1000;
  for (let start = 0; start < records.length; start += batchSize) {
    const results = await ingestRecords(db, records.slice(start, start + batchSize), now);
    const refused = results.filter((result) => result.status !== 'stored');
    if (refused.length > 0) throw new Error(`${refused.length} test records not stored: ${JSON.stringify(refused[0])}`);
  }
}
