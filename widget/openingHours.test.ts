import { describe, expect, it } from 'vitest';
import type { ChatScheduleView } from '../shared/hub/chatApi';
import { openingHoursText, whenWording, zonedParts } from './openingHours';

const weekdays = [[{ opens: '09:00', closes: '21:00' }], [{ opens: '09:00', closes: '21:00' }], [{ opens: '09:00', closes: '12:00' }, { opens: '13:00', closes: '21:00' }], [{ opens: '09:00', closes: '21:00' }], [{ opens: '09:00', closes: '17:00' }], [], []];

function view(overrides: Partial<ChatScheduleView> = {}): ChatScheduleView {
  return {
    schedule: { weekly: weekdays, exceptions: [] },
    timeZone: 'Europe/Copenhagen',
    open: true,
    nextChange: null,
    todayLabel: null,
    ...overrides,
  };
}

// Wednesday 24 December 2025, 10:00 in Copenhagen (09:00 UTC).
const christmasEve = new Date('2025-12-24T09:00:00Z');

describe('the opening hours as the visitor reads them', () => {
  it('lists Monday to Sunday with split days and closed days', () => {
    const worded = openingHoursText('da', view(), christmasEve);
    expect(worded.weekly).toEqual([
      { day: 'Mandag', hours: '09:00–21:00' },
      { day: 'Tirsdag', hours: '09:00–21:00' },
      { day: 'Onsdag', hours: '09:00–12:00, 13:00–21:00' },
      { day: 'Torsdag', hours: '09:00–21:00' },
      { day: 'Fredag', hours: '09:00–17:00' },
      { day: 'Lørdag', hours: 'Lukket' },
      { day: 'Søndag', hours: 'Lukket' },
    ]);
  });

  it('says when a closed chat opens again, with today’s exception label', () => {
    const worded = openingHoursText(
      'da',
      view({
        open: false,
        nextChange: '2025-12-27T08:00:00Z',
        todayLabel: 'Juleaften',
        schedule: {
          weekly: weekdays,
          exceptions: [
            { date: '2025-12-24', intervals: [], label: 'Juleaften' },
            { date: '2025-12-25', intervals: [{ opens: '12:00', closes: '16:00' }], label: 'Juledag' },
            { date: '2025-11-01', intervals: [], label: 'Past' },
            { date: '2026-03-01', intervals: [], label: 'Far ahead' },
          ],
        },
      }),
      christmasEve,
    );
    expect(worded.status).toBe('Chatten er lukket nu. Vi åbner igen lørdag kl. 09:00.');
    expect(worded.today).toBe('I dag: Juleaften');
    expect(worded.exceptions).toEqual([
      { date: '24. december', label: 'Juleaften', hours: 'Lukket' },
      { date: '25. december', label: 'Juledag', hours: '12:00–16:00' },
    ]);
  });

  it('words the next change relative to today in the schedule’s time zone', () => {
    const zone = 'Europe/Copenhagen';
    expect(whenWording('da', new Date('2025-12-24T16:00:00Z'), christmasEve, zone)).toBe('i dag kl. 17:00');
    expect(whenWording('da', new Date('2025-12-25T08:00:00Z'), christmasEve, zone)).toBe('i morgen kl. 09:00');
    expect(whenWording('da', new Date('2025-12-29T08:00:00Z'), christmasEve, zone)).toBe('mandag kl. 09:00');
    expect(whenWording('da', new Date('2026-01-02T08:00:00Z'), christmasEve, zone)).toBe('den 2. januar kl. 09:00');
    expect(whenWording('en', new Date('2025-12-25T08:00:00Z'), christmasEve, zone)).toBe('tomorrow at 09:00');
    // 23:30 UTC on the 24th is already the 25th in Copenhagen.
    expect(zonedParts(new Date('2025-12-24T23:30:00Z'), zone)).toEqual({ dateKey: '2025-12-25', time: '00:30' });
  });

  it('says when an open chat closes, or that it is open around the clock', () => {
    expect(openingHoursText('da', view({ nextChange: '2025-12-24T20:00:00Z' }), christmasEve).status).toBe('Chatten er åben nu. Vi lukker i dag kl. 21:00.');
    const always = openingHoursText('da', view({ schedule: { weekly: null, exceptions: [] } }), christmasEve);
    expect(always.status).toBe('Chatten er åben hele døgnet.');
    expect(always.weekly).toBeNull();
    expect(openingHoursText('da', view({ open: false }), christmasEve).status).toBe('Chatten er lukket nu. Se åbningstiderne nedenfor.');
  });

  it('copes with a time zone the browser does not know (its own instead) and a broken date', () => {
    const worded = openingHoursText('da', view({ timeZone: 'Mars/Olympus', open: false, nextChange: 'not a date' }), christmasEve);
    expect(worded.status).toBe('Chatten er lukket nu. Se åbningstiderne nedenfor.');
  });
});
