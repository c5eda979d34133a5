import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatSchedule, OpeningInterval } from '../../../shared/hub/chatApi';
import { testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { createChatOpeningHours, scheduleView } from './chatSchedule';
import { writeChatSchedule } from './chatSettingsStore';

const CPH = 'Europe/Copenhagen';
const at = (iso: string) => new Date(iso);
const hours = (opens: string, closes: string): OpeningInterval => ({ opens, closes });
/** Monday first, as `weekly` counts. */
const week = (...days: OpeningInterval[][]): ChatSchedule['weekly'] => days;
const closed: OpeningInterval[] = [];
const officeHours = [hours('09:00', '17:00')];
const weekdaysNineToFive: ChatSchedule = { weekly: week(officeHours, officeHours, officeHours, officeHours, officeHours, closed, closed), exceptions: [] };

describe('the chat schedule evaluated in Europe/Copenhagen', () => {
  it('is open inside the day’s hours and says when it closes; closed outside and says when it opens', () => {
    // Wednesday 10 June 2026, 10:00 summer time (UTC+2).
    expect(scheduleView(weekdaysNineToFive, CPH, at('2026-06-10T08:00:00Z'))).toEqual({
      schedule: weekdaysNineToFive,
      timeZone: CPH,
      open: true,
      nextChange: '2026-06-10T15:00:00.000Z',
      todayLabel: null,
    });
    // Friday 18:00: closed over the weekend until Monday 09:00.
    const friday = scheduleView(weekdaysNineToFive, CPH, at('2026-06-12T16:00:00Z'));
    expect(friday.open).toBe(false);
    expect(friday.nextChange).toBe('2026-06-15T07:00:00.000Z');
    // Opening and closing instants themselves: open at 09:00 sharp, closed at 17:00 sharp.
    expect(scheduleView(weekdaysNineToFive, CPH, at('2026-06-10T07:00:00Z')).open).toBe(true);
    expect(scheduleView(weekdaysNineToFive, CPH, at('2026-06-10T06:59:59Z')).open).toBe(false);
    expect(scheduleView(weekdaysNineToFive, CPH, at('2026-06-10T15:00:00Z'))).toMatchObject({ open: false, nextChange: '2026-06-11T07:00:00.000Z' });
    // In winter the same wall times are an hour later in UTC.
    expect(scheduleView(weekdaysNineToFive, CPH, at('2026-01-14T08:30:00Z'))).toMatchObject({ open: true, nextChange: '2026-01-14T16:00:00.000Z' });
  });

  it('counts weekdays in the service’s time zone, not in UTC', () => {
    // Monday 00:30 in Copenhagen is still Sunday in UTC.
    const mondayOnly: ChatSchedule = { weekly: week([hours('00:00', '01:00')], closed, closed, closed, closed, closed, closed), exceptions: [] };
    expect(scheduleView(mondayOnly, CPH, at('2026-06-14T22:30:00Z'))).toMatchObject({ open: true, nextChange: '2026-06-14T23:00:00.000Z' });
  });

  it('keeps wall-clock hours on the day summer time starts (23 hours) and the skipped hour counts as the next one', () => {
    // Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC).
    const sunday = (intervals: OpeningInterval[]): ChatSchedule => ({ weekly: week(closed, closed, closed, closed, closed, closed, intervals), exceptions: [] });
    expect(scheduleView(sunday([hours('01:00', '05:00')]), CPH, at('2026-03-29T00:30:00Z'))).toMatchObject({ open: true, nextChange: '2026-03-29T03:00:00.000Z' });
    expect(scheduleView(sunday([hours('01:00', '05:00')]), CPH, at('2026-03-28T23:00:00Z'))).toMatchObject({ open: false, nextChange: '2026-03-29T00:00:00.000Z' });
    // 02:30 does not exist that day: it opens at 03:30 summer time.
    expect(scheduleView(sunday([hours('02:30', '04:00')]), CPH, at('2026-03-29T00:00:00Z'))).toMatchObject({ open: false, nextChange: '2026-03-29T01:30:00.000Z' });
    // A day's full hours: 23 of them.
    const allDay = scheduleView(sunday([hours('00:00', '24:00')]), CPH, at('2026-03-29T12:00:00Z'));
    expect(allDay).toMatchObject({ open: true, nextChange: '2026-03-29T22:00:00.000Z' });
    expect(Date.parse(allDay.nextChange ?? '') - Date.parse('2026-03-28T23:00:00Z')).toBe(23 * 3_600_000);
  });

  it('keeps wall-clock hours on the day summer time ends (25 hours) and the repeated hour counts as the first', () => {
    // Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC).
    const sunday = (intervals: OpeningInterval[]): ChatSchedule => ({ weekly: week(closed, closed, closed, closed, closed, closed, intervals), exceptions: [] });
    const allDay = scheduleView(sunday([hours('00:00', '24:00')]), CPH, at('2026-10-25T12:00:00Z'));
    expect(allDay).toMatchObject({ open: true, nextChange: '2026-10-25T23:00:00.000Z' });
    expect(Date.parse(allDay.nextChange ?? '') - Date.parse('2026-10-24T22:00:00Z')).toBe(25 * 3_600_000);
    // 02:30 happens twice: the first (still summer time, 00:30 UTC).
    expect(scheduleView(sunday([hours('02:30', '06:00')]), CPH, at('2026-10-25T00:00:00Z'))).toMatchObject({ open: false, nextChange: '2026-10-25T00:30:00.000Z' });
    // Closing at 02:45 means the first 02:45, so in the repeated hour (01:30 UTC) it is closed.
    expect(scheduleView(sunday([hours('01:00', '02:45')]), CPH, at('2026-10-25T00:40:00Z'))).toMatchObject({ open: true, nextChange: '2026-10-25T00:45:00.000Z' });
    expect(scheduleView(sunday([hours('01:00', '02:45')]), CPH, at('2026-10-25T01:30:00Z')).open).toBe(false);
  });

  it('joins hours that run across midnight (24:00 then 00:00) into one span', () => {
    // Friday 20:00 to Saturday 02:00, written as two days' hours.
    const lateFriday: ChatSchedule = { weekly: week(closed, closed, closed, closed, [hours('20:00', '24:00')], [hours('00:00', '02:00')], closed), exceptions: [] };
    expect(scheduleView(lateFriday, CPH, at('2026-06-12T21:00:00Z'))).toMatchObject({ open: true, nextChange: '2026-06-13T00:00:00.000Z' });
    expect(scheduleView(lateFriday, CPH, at('2026-06-12T22:00:00Z'))).toMatchObject({ open: true, nextChange: '2026-06-13T00:00:00.000Z' });
    expect(scheduleView(lateFriday, CPH, at('2026-06-13T00:00:00Z'))).toMatchObject({ open: false, nextChange: '2026-06-19T18:00:00.000Z' });
    // Touching intervals within one day are one span too.
    const split: ChatSchedule = { weekly: week([hours('09:00', '12:00'), hours('12:00', '16:00')], closed, closed, closed, closed, closed, closed), exceptions: [] };
    expect(scheduleView(split, CPH, at('2026-06-15T08:00:00Z'))).toMatchObject({ open: true, nextChange: '2026-06-15T14:00:00.000Z' });
  });

  it('lets an exception replace a date’s hours: closed with a label, or other hours', () => {
    const christmas: ChatSchedule = {
      weekly: week(officeHours, officeHours, officeHours, officeHours, officeHours, officeHours, officeHours),
      exceptions: [
        { date: '2026-12-24', intervals: [], label: 'Juleaften' },
        { date: '2026-12-31', intervals: [hours('10:00', '14:00')], label: 'Nytårsaften' },
        { date: '2026-12-27', intervals: [hours('00:00', '24:00')], label: '' },
      ],
    };
    // Thursday 24 December 11:00: closed all day, opens on the 25th at 09:00.
    expect(scheduleView(christmas, CPH, at('2026-12-24T10:00:00Z'))).toMatchObject({ open: false, nextChange: '2026-12-25T08:00:00.000Z', todayLabel: 'Juleaften' });
    expect(scheduleView(christmas, CPH, at('2026-12-23T10:00:00Z'))).toMatchObject({ open: true, nextChange: '2026-12-23T16:00:00.000Z', todayLabel: null });
    expect(scheduleView(christmas, CPH, at('2026-12-31T08:00:00Z'))).toMatchObject({ open: false, nextChange: '2026-12-31T09:00:00.000Z', todayLabel: 'Nytårsaften' });
    expect(scheduleView(christmas, CPH, at('2026-12-31T10:00:00Z'))).toMatchObject({ open: true, nextChange: '2026-12-31T13:00:00.000Z' });
    // An exception without a label says nothing today; open around that Sunday's clock.
    expect(scheduleView(christmas, CPH, at('2026-12-27T03:00:00Z'))).toMatchObject({ open: true, nextChange: '2026-12-27T23:00:00.000Z', todayLabel: null });
  });

  it('is open around the clock without weekly hours, except on an exception’s date', () => {
    const always: ChatSchedule = { weekly: null, exceptions: [] };
    expect(scheduleView(always, CPH, at('2026-06-10T08:00:00Z'))).toMatchObject({ open: true, nextChange: null, todayLabel: null });
    const butChristmasEve: ChatSchedule = { weekly: null, exceptions: [{ date: '2026-12-24', intervals: [], label: 'Juleaften' }] };
    expect(scheduleView(butChristmasEve, CPH, at('2026-12-20T12:00:00Z'))).toMatchObject({ open: true, nextChange: '2026-12-23T23:00:00.000Z' });
    expect(scheduleView(butChristmasEve, CPH, at('2026-12-24T12:00:00Z'))).toMatchObject({ open: false, nextChange: '2026-12-24T23:00:00.000Z', todayLabel: 'Juleaften' });
  });

  it('says no next change when none falls within two weeks', () => {
    const never: ChatSchedule = { weekly: week(closed, closed, closed, closed, closed, closed, closed), exceptions: [] };
    expect(scheduleView(never, CPH, at('2026-06-10T08:00:00Z'))).toMatchObject({ open: false, nextChange: null });
    // A special opening 10 days ahead is found; one 20 days ahead is beyond the horizon.
    const special = (date: string): ChatSchedule => ({ weekly: never.weekly, exceptions: [{ date, intervals: [hours('12:00', '13:00')], label: 'Temadag' }] });
    expect(scheduleView(special('2026-06-20'), CPH, at('2026-06-10T08:00:00Z')).nextChange).toBe('2026-06-20T10:00:00.000Z');
    expect(scheduleView(special('2026-06-30'), CPH, at('2026-06-10T08:00:00Z')).nextChange).toBeNull();
  });

  it('evaluates in another time zone when the policy names one', () => {
    expect(scheduleView(weekdaysNineToFive, 'America/New_York', at('2026-06-10T14:00:00Z'))).toMatchObject({ open: true, nextChange: '2026-06-10T21:00:00.000Z' });
  });
});

describe.each(hubDatabaseEngines)('the opening hours port on %s', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(() => db.close());

  it('is open around the clock with no schedule stored, caches what it read, and reads again after invalidate()', async () => {
    const context = testHubContext(db);
    const hoursPort = createChatOpeningHours(context);
    const now = at('2026-06-13T10:00:00Z'); // a Saturday
    expect(await hoursPort.view(now)).toMatchObject({ open: true, nextChange: null, schedule: { weekly: null, exceptions: [] }, timeZone: CPH });

    await writeChatSchedule(db, weekdaysNineToFive, { updatedBy: null, at: now });
    // Still the cached answer a few seconds later …
    expect((await hoursPort.view(new Date(now.getTime() + 5_000))).open).toBe(true);
    // … until the cache is invalidated (as a PUT does) or ages out.
    hoursPort.invalidate();
    expect(await hoursPort.view(new Date(now.getTime() + 6_000))).toMatchObject({ open: false, nextChange: '2026-06-15T07:00:00.000Z' });

    await writeChatSchedule(db, { weekly: null, exceptions: [] }, { updatedBy: null, at: now });
    expect((await hoursPort.view(new Date(now.getTime() + 7_000))).open).toBe(false);
    expect((await hoursPort.view(new Date(now.getTime() + 60_000))).open).toBe(true);
  });

  it('reads the database once for many callers at the same time', async () => {
    const context = testHubContext(db);
    let reads = 0;
    const counting: Database = {
      ...db,
      engine: db.engine,
      query: (sql, params) => {
        if (sql.includes('chat_settings')) reads += 1;
        return db.query(sql, params);
      },
    };
    const hoursPort = createChatOpeningHours({ ...context, db: counting });
    const now = at('2026-06-10T08:00:00Z');
    const views = await Promise.all(Array.from({ length: 20 }, () => hoursPort.view(now)));
    expect(new Set(views.map((view) => view.open))).toEqual(new Set([true]));
    expect(reads).toBe(1);
  });
});
