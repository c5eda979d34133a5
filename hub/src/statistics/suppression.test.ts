import { describe, expect, it } from 'vitest';
import { statisticsReportSchema } from '../../../shared/hub/statisticsApi';
import { ageBands, channels, contactTypes, genders, outcomes, referrals } from '../../../shared/records/recordModel';
import { seededRandom } from '../../../shared/testing/seededRandom';
import { determinedHiddenCells } from './disclosureAudit';
import { buildStatisticsModel, buildStatisticsReport, daysOf, type StatisticsCounts } from './statisticsReport';
import { CountModel, equationLeak, suppressSmallCounts } from './suppression';

const K = 5;

/** Which cells of `ids` are hidden, as a readable list of their values. */
function hiddenValues(model: CountModel, hidden: readonly boolean[], ids: readonly number[]): number[] {
  return ids.filter((id) => hidden[id]).map((id) => model.valueOf(id));
}

/** The invariants every suppression must meet, for any model. */
function expectProtected(model: CountModel, hidden: readonly boolean[], k: number): void {
  model.values.forEach((value, id) => {
    if (model.published[id] && !hidden[id]) expect(value === 0 || value >= k, `cell ${id} shows ${value}`).toBe(true);
  });
  for (const equation of model.equations) {
    expect(equationLeak(model, hidden, equation, k), `equation for cell ${equation.total}`).toBeNull();
    // Spelled out: no hidden member is what a shown total minus its shown parts leaves over.
    const members = [equation.total, ...equation.parts];
    const hiddenMembers = members.filter((id) => hidden[id]);
    if (hiddenMembers.length === 1) expect(model.published[hiddenMembers[0] as number]).toBe(false);
  }
}

describe('small-cell suppression, by example', () => {
  it('hides an hour below k and, as its complement, the smallest other non-zero hour of the day', () => {
    const model = new CountModel();
    const hours = [0, 7, 3, 6, 9, 0].map((value) => model.cell(value));
    const day = model.cell(25);
    model.equation(day, hours);
    const { hidden, primary, secondary } = suppressSmallCounts(model, K);
    expect(hiddenValues(model, hidden, hours)).toEqual([3, 6]);
    expect(hidden[day]).toBe(false);
    expect([primary, secondary]).toEqual([1, 1]);
  });

  it('shows zeros and never hides one to protect another cell', () => {
    const model = new CountModel();
    const hours = [0, 0, 2, 0, 8].map((value) => model.cell(value));
    const day = model.cell(10);
    model.equation(day, hours);
    const { hidden } = suppressSmallCounts(model, K);
    expect(hours.map((id) => hidden[id])).toEqual([false, false, true, false, true]);
  });

  it('hides a total below k together with its parts, which leaves nothing to subtract', () => {
    const model = new CountModel();
    const parts = [1, 0, 2].map((value) => model.cell(value));
    const total = model.cell(3);
    model.equation(total, parts);
    const { hidden } = suppressSmallCounts(model, K);
    expect([hidden[total], ...parts.map((id) => hidden[id])]).toEqual([true, true, false, true]);
  });

  it('hides a total when a hidden part has only zeros beside it (the total would equal the part)', () => {
    // Returning / first-time contacts per channel with margins; 2 returning chat contacts.
    const model = new CountModel();
    const [returningPhone, returningChat, firstPhone, firstChat] = [model.cell(7), model.cell(2), model.cell(0), model.cell(6)];
    const [phone, chat, returning, firstTime, all] = [model.cell(7), model.cell(8), model.cell(9), model.cell(6), model.cell(15)];
    model.equation(phone, [returningPhone, firstPhone]);
    model.equation(chat, [returningChat, firstChat]);
    model.equation(returning, [returningPhone, returningChat]);
    model.equation(firstTime, [firstPhone, firstChat]);
    model.equation(all, [phone, chat]);
    model.equation(all, [returning, firstTime]);
    const { hidden } = suppressSmallCounts(model, K);
    // Returning phone (7) protects returning chat; beside it only a 0, so the phone total goes.
    expect([returningPhone, phone, firstTime].map((id) => hidden[id])).toEqual([true, true, true]);
    expect([firstPhone, all].map((id) => hidden[id])).toEqual([false, false]);
    expectProtected(model, hidden, K);
    expect(determinedHiddenCells(model, hidden, K)).toEqual([]);
  });

  it('hides a third part when two hidden parts would have to be 1 each (zeros are shown, so hidden means ≥ 1)', () => {
    const model = new CountModel();
    const parts = [1, 1, 7, 9].map((value) => model.cell(value));
    const total = model.cell(18);
    model.equation(total, parts);
    const { hidden } = suppressSmallCounts(model, K);
    expect(hiddenValues(model, hidden, parts)).toEqual([1, 1, 7]);
    expect(hidden[total]).toBe(false);
  });

  it('follows a hidden day total up to its channel, and the complement day down to its hours', () => {
    const model = new CountModel();
    const dayHours = [
      [2, 1],
      [6, 5],
      [10, 12],
    ].map((values) => values.map((value) => model.cell(value)));
    const days = dayHours.map((hours) => {
      const day = model.cell(hours.reduce((acc, id) => acc + model.valueOf(id), 0));
      model.equation(day, hours);
      return day;
    });
    const channel = model.cell(36);
    model.equation(channel, days);
    const { hidden } = suppressSmallCounts(model, K);
    // Day 1 (3) is small; day 2 (11) is the smallest other day; in day 2, hour 5 protects it.
    expect(hiddenValues(model, hidden, days)).toEqual([3, 11]);
    expect(hiddenValues(model, hidden, dayHours[1] as number[])).toEqual([5]);
    expect(hidden[channel]).toBe(false);
    expectProtected(model, hidden, K);
    expect(determinedHiddenCells(model, hidden, K)).toEqual([]);
  });

  it('lets a reader work out an unshown count of 0 or ≥ k, but not an unshown small one', () => {
    const large = new CountModel();
    const [callers, frequent] = [large.cell(12), large.cell(6)];
    large.equation(callers, [frequent, large.cell(6, { published: false })]);
    expect(suppressSmallCounts(large, K).hidden.slice(0, 2)).toEqual([false, false]);

    const small = new CountModel();
    const [callers2, frequent2] = [small.cell(12), small.cell(9)];
    small.equation(callers2, [frequent2, small.cell(3, { published: false })]);
    const { hidden } = suppressSmallCounts(small, K);
    expect(hidden[frequent2]).toBe(true);
    expect(hidden[callers2]).toBe(false);
  });

  it('has an audit that finds what the per-equation rules alone would miss: an odd cycle of equations', () => {
    // x + y, y + z and x + z shown: each equation has two hidden members, yet x = (5 − 7 + 6) / 2.
    // Our tables never form such a cycle; the audit is how the property tests would notice one.
    const model = new CountModel();
    const [x, y, z] = [model.cell(2), model.cell(3), model.cell(4)];
    model.equation(model.cell(5), [x, y]);
    model.equation(model.cell(7), [y, z]);
    model.equation(model.cell(6), [x, z]);
    const { hidden } = suppressSmallCounts(model, K);
    expectProtected(model, hidden, K);
    expect(determinedHiddenCells(model, hidden, K)).toEqual([x, y, z]);
  });

  it('shows no made-up newcomer count for a day whose counts contradict each other', () => {
    const counts: StatisticsCounts = {
      hours: [],
      ...{ ageBands: new Map(), genders: new Map(), outcomes: new Map(), contactTypes: new Map(), referrals: new Map(), topics: new Map() },
      returning: [],
      daily: [{ day: '2025-05-01', unique: 6, returning: 9, frequent: 0 }],
    };
    const report = buildStatisticsReport(counts, { period: { from: '2025-05-01', to: '2025-05-01' }, k: K, timeZone: 'Europe/Copenhagen' });
    expect(report.uniqueContacts.days[0]).toEqual({ day: '2025-05-01', unique: { value: 6 }, returning: { value: 9 }, newcomers: { suppressed: true }, frequent: { value: 0 } });
  });

  it('refuses a model whose equation does not add up', () => {
    const model = new CountModel();
    const part = model.cell(2);
    expect(() => model.equation(model.cell(3), [part])).toThrow(/does not hold/);
  });
});

// ---- property tests: random tables, every invariant, many seeds ----

interface SyntheticContact {
  channel: (typeof channels)[number];
  day: string;
  hour: number;
  ageBand: string;
  gender: string;
  outcome: string;
  contactType: string;
  referral: string;
  returning: boolean;
  topics: string[];
}

/**
 * Sparse random contacts: a few busy hours and many lonely ones, skewed category values, so that
 * tables mix zeros, small counts and large ones, the hard case for suppression.
 */
function randomCounts(seed: number): { counts: StatisticsCounts; from: string; to: string } {
  const random = seededRandom(seed);
  const skewed = <T>(values: readonly T[]): T => values[Math.floor(values.length * random() ** 2)] as T;
  const from = '2025-03-01';
  const to = daysOf(from, '2025-03-10')[Math.floor(random() * 3)] as string;
  const days = daysOf(from, to);
  const busyHours = Array.from({ length: 1 + Math.floor(random() * 4) }, () => Math.floor(random() * 24));
  const contacts: SyntheticContact[] = Array.from({ length: Math.floor(random() * (random() < 0.3 ? 8 : 80)) }, () => ({
    channel: skewed(channels),
    day: skewed(days),
    hour: random() < 0.7 ? skewed(busyHours) : Math.floor(random() * 24),
    ageBand: skewed(ageBands),
    gender: skewed(genders),
    outcome: skewed(outcomes),
    contactType: skewed(contactTypes),
    referral: skewed(referrals),
    returning: random() < 0.3,
    topics: [...new Set(Array.from({ length: Math.floor(random() * 3) }, () => skewed(['angst', 'ensomhed', 'familie', 'vold'])))],
  }));
  const tally = (key: (contact: SyntheticContact) => string): Map<string, number> => {
    const map = new Map<string, number>();
    for (const contact of contacts) map.set(key(contact), (map.get(key(contact)) ?? 0) + 1);
    return map;
  };
  const hours = [...tally((c) => `${c.channel}|${c.day}|${c.hour}`)].map(([key, n]) => {
    const [channel, day, hour] = key.split('|') as [SyntheticContact['channel'], string, string];
    return { channel, day, hour: Number(hour), contacts: n };
  });
  const topics = new Map<string, number>();
  for (const contact of contacts) for (const topic of contact.topics) topics.set(topic, (topics.get(topic) ?? 0) + 1);
  const daily = days.map((day) => {
    const unique = Math.floor(random() * 12);
    const returning = Math.floor(random() * (unique + 1));
    return { day, unique, returning, frequent: Math.floor(random() * (returning + 1)) };
  });
  return {
    from,
    to,
    counts: {
      hours,
      ageBands: tally((c) => c.ageBand),
      genders: tally((c) => c.gender),
      outcomes: tally((c) => c.outcome),
      contactTypes: tally((c) => c.contactType),
      referrals: tally((c) => c.referral),
      topics,
      returning: [...tally((c) => `${c.channel}|${c.returning}`)].map(([key, n]) => {
        const [channel, returning] = key.split('|') as [SyntheticContact['channel'], string];
        return { channel, returning: returning === 'true', contacts: n };
      }),
      daily,
    },
  };
}

describe('small-cell suppression, as properties over random reports', () => {
  const seeds = Array.from({ length: 300 }, (_, index) => 1000 + index);

  it('never shows 1..k−1, leaves no equation with one hidden member, and no hidden cell can be computed', () => {
    let hiddenSeen = 0;
    for (const seed of seeds) {
      const k = 2 + (seed % 5);
      const { counts, from, to } = randomCounts(seed);
      const built = buildStatisticsModel(counts, { period: { from, to }, k, timeZone: 'Europe/Copenhagen' });
      const { hidden, secondary } = suppressSmallCounts(built.model, k);
      expectProtected(built.model, hidden, k);
      expect(determinedHiddenCells(built.model, hidden, k), `seed ${seed}`).toEqual([]);
      hiddenSeen += secondary;
    }
    // The generator must actually exercise complementary suppression, or this proves little.
    expect(hiddenSeen).toBeGreaterThan(seeds.length);
  });

  it('publishes exactly the pattern it decided, as a valid report', () => {
    for (const seed of seeds.slice(0, 60)) {
      const { counts, from, to } = randomCounts(seed);
      const frame = { period: { from, to }, k: K, timeZone: 'Europe/Copenhagen' };
      const report = statisticsReportSchema.parse(buildStatisticsReport(counts, frame));
      const built = buildStatisticsModel(counts, frame);
      const { hidden } = suppressSmallCounts(built.model, K);
      const shown = (id: number) => (hidden[id] ? { suppressed: true } : { value: built.model.valueOf(id) });
      expect(report.totalContacts).toEqual(shown(built.all));
      expect(report.channels.map((channel) => channel.days.map((day) => day.hours))).toEqual(
        built.channels.map((channel) => channel.days.map((day) => day.hours.map(shown))),
      );
      expect(report.ageBands.rows.map((row) => row.contacts)).toEqual(built.categories.ageBands.map((row) => shown(row.contacts)));
      expect(report.uniqueContacts.days.map((day) => day.frequent)).toEqual(built.uniqueDays.map((day) => shown(day.frequent)));
    }
  });

  it('keeps random hierarchies (hours → days → channel) safe against every combination of equations', () => {
    for (const seed of seeds) {
      const random = seededRandom(seed);
      const model = new CountModel();
      const dayTotals = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
        const hours = Array.from({ length: 1 + Math.floor(random() * 6) }, () => model.cell(random() < 0.3 ? 0 : Math.floor(random() * 12)));
        const day = model.cell(hours.reduce((acc, id) => acc + model.valueOf(id), 0));
        model.equation(day, hours);
        return day;
      });
      const total = model.cell(dayTotals.reduce((acc, id) => acc + model.valueOf(id), 0));
      model.equation(total, dayTotals);
      const { hidden } = suppressSmallCounts(model, K);
      expectProtected(model, hidden, K);
      expect(determinedHiddenCells(model, hidden, K), `seed ${seed}`).toEqual([]);
    }
  });

  it('meets the per-equation rules on any random two-way table with margins', () => {
    for (const seed of seeds) {
      const random = seededRandom(seed);
      const model = new CountModel();
      const rows = 1 + Math.floor(random() * 4);
      const cols = 1 + Math.floor(random() * 4);
      const inner = Array.from({ length: rows }, () => Array.from({ length: cols }, () => model.cell(Math.floor(random() ** 2 * 10))));
      const sum = (ids: number[]) => ids.reduce((acc, id) => acc + model.valueOf(id), 0);
      const rowTotals = inner.map((row) => model.cell(sum(row)));
      const colTotals = Array.from({ length: cols }, (_, c) => model.cell(sum(inner.map((row) => row[c] as number))));
      const all = model.cell(sum(rowTotals));
      inner.forEach((row, r) => model.equation(rowTotals[r] as number, row));
      colTotals.forEach((total, c) => model.equation(total, inner.map((row) => row[c] as number)));
      model.equation(all, rowTotals);
      model.equation(all, colTotals);
      expectProtected(model, suppressSmallCounts(model, K).hidden, K);
    }
  });
});
