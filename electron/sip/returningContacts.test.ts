import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ReturningContacts } from './returningContacts';

const DAY = 24 * 3600_000;
const tempFile = (): string => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-returning-')), 'returning.json');

describe('ReturningContacts', () => {
  test('counts repeat contacts of one pseudonym and keeps others apart', () => {
    const contacts = new ReturningContacts(tempFile(), { windowDays: 7 });
    expect(contacts.record('pseudo-a')).toBe(1);
    expect(contacts.record('pseudo-a')).toBe(2);
    expect(contacts.record('pseudo-b')).toBe(1);
    expect(contacts.record('pseudo-a')).toBe(3);
  });

  test('forgets contacts older than the window', () => {
    let now = 1_000 * DAY;
    const file = tempFile();
    const contacts = new ReturningContacts(file, { windowDays: 7, now: () => now });
    contacts.record('pseudo-a');
    now += 6 * DAY;
    expect(contacts.record('pseudo-a')).toBe(2);
    now += 2 * DAY;
    expect(contacts.record('pseudo-a')).toBe(2);
    now += 8 * DAY;
    new ReturningContacts(file, { windowDays: 7, now: () => now }).record('pseudo-b');
    expect(Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { contacts: object }).contacts)).toHaveLength(1);
  });

  test('survives a restart and never stores the pseudonym itself', () => {
    const file = tempFile();
    new ReturningContacts(file, { windowDays: 7 }).record('pseudonym-canary-4711');
    expect(new ReturningContacts(file, { windowDays: 7 }).record('pseudonym-canary-4711')).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('canary');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
