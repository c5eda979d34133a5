import { z } from 'zod';
import { ageBands, channels, contactTypes, genders, outcomes, referrals, topicCodeSchema } from '../records/recordModel';

/**
 * Anonymous statistics (DESIGN.md I8), for supervisors and administrators. Every number in a
 * report is a count over contact records; a count from 1 to k−1 is never published, and neither
 * is a count that published totals and parts would give away by subtraction: such cells are
 * `{ suppressed: true }`. Zero is published as 0 (an empty hour or category names nobody).
 */
export const STATISTICS_PATH = '/api/v1/statistics';
export const STATISTICS_EXPORT_PATH = '/api/v1/statistics/export';

/** Longest period one report covers, in days (inclusive): a leap year. */
export const STATISTICS_MAX_DAYS = 366;

/** A calendar date in the statistics time zone, `YYYY-MM-DD`. */
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'no such date');

/** Days from `from` to `to`, both included (1 for a single day). */
export function daysInPeriod(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

const periodShape = { from: localDateSchema, to: localDateSchema };

function refinePeriod<T extends { from: string; to: string }>(schema: z.ZodType<T>) {
  return schema.superRefine((period, context) => {
    const days = daysInPeriod(period.from, period.to);
    if (days < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    else if (days > STATISTICS_MAX_DAYS) context.addIssue({ code: 'custom', path: ['to'], message: `a period is at most ${STATISTICS_MAX_DAYS} days` });
  });
}

/** GET STATISTICS_PATH?from=YYYY-MM-DD&to=YYYY-MM-DD (local dates, both included). */
export const statisticsQuerySchema = refinePeriod(z.object(periodShape).strict());
export type StatisticsQuery = z.infer<typeof statisticsQuerySchema>;

export const statisticsExportFormats = ['csv', 'xlsx'] as const;
export type StatisticsExportFormat = (typeof statisticsExportFormats)[number];

/** GET STATISTICS_EXPORT_PATH?from&to&format=csv|xlsx: the same report as a download. */
export const statisticsExportQuerySchema = refinePeriod(z.object({ ...periodShape, format: z.enum(statisticsExportFormats) }).strict());
export type StatisticsExportQuery = z.infer<typeof statisticsExportQuerySchema>;

/** The download's file name, e.g. `tavs-statistik-2025-01-01-2025-01-31.xlsx`. */
export function statisticsExportFileName(query: StatisticsExportQuery): string {
  return `tavs-statistik-${query.from}-${query.to}.${query.format}`;
}

/** One published number: its value, or hidden because it is small or would reveal a small one. */
export const statisticsCellSchema = z.union([
  z.object({ value: z.number().int().min(0) }).strict(),
  z.object({ suppressed: z.literal(true) }).strict(),
]);
export type StatisticsCell = z.infer<typeof statisticsCellSchema>;

/** Type guard for the readers of a report (charts, exports). */
export function isSuppressed(cell: StatisticsCell): cell is { suppressed: true } {
  return 'suppressed' in cell;
}

const hoursSchema = z.array(statisticsCellSchema).length(24);

/** Contacts of one channel: per local day (with its 24 local hours), and the channel's total. */
export const channelTableSchema = z
  .object({
    channel: z.enum(channels),
    total: statisticsCellSchema,
    days: z.array(
      z
        .object({
          day: localDateSchema,
          /** All contacts of the day; the sum of `hours`. */
          total: statisticsCellSchema,
          /**
           * Index = local hour 0–23. On the spring DST day hour 2 does not exist (always 0); on the
           * autumn day hour 2 happens twice and counts both.
           */
          hours: hoursSchema,
        })
        .strict(),
    ),
  })
  .strict();

/** Contacts per value of one closed-choice field; the rows add up to `total` (all contacts). */
function categoryTableSchema<Code extends z.ZodType<string>>(code: Code) {
  return z.object({ total: statisticsCellSchema, rows: z.array(z.object({ code, contacts: statisticsCellSchema }).strict()) }).strict();
}

const returningRowShape = {
  /** Contacts the workstation flagged as returning (the caller was seen before in the window). */
  returning: statisticsCellSchema,
  firstTime: statisticsCellSchema,
  total: statisticsCellSchema,
};

export const statisticsReportSchema = z
  .object({
    period: z.object(periodShape).strict(),
    /** Smallest count that is published (policy.statistics.minimumCellSize). */
    k: z.number().int().min(2),
    /** The time zone days and hours are counted in. */
    timeZone: z.string(),
    /** All contacts in the period; the same number as every category table's total. */
    totalContacts: statisticsCellSchema,
    /** One entry per channel, every day of the period present (empty days as 0). */
    channels: z.array(channelTableSchema),
    /**
     * Contacts per topic. A contact may have several topics (or none), so the rows do not add up
     * to the total of contacts and the table has no total row.
     */
    topics: z.object({ rows: z.array(z.object({ code: topicCodeSchema, contacts: statisticsCellSchema }).strict()) }).strict(),
    ageBands: categoryTableSchema(z.enum(ageBands)),
    genders: categoryTableSchema(z.enum(genders)),
    outcomes: categoryTableSchema(z.enum(outcomes)),
    contactTypes: categoryTableSchema(z.enum(contactTypes)),
    referrals: categoryTableSchema(z.enum(referrals)),
    /** Returning contacts per channel; `total` of a row is that channel's total above. */
    returningContacts: z
      .object({
        rows: z.array(z.object({ channel: z.enum(channels), ...returningRowShape }).strict()),
        total: z.object(returningRowShape).strict(),
      })
      .strict(),
    /**
     * Distinct callers per day, from the provider's pseudonyms (only callers that have one):
     * `unique` callers, of whom `returning` were seen before within the contact window and
     * `newcomers` were not, and `frequent` callers with more than 5 contacts in the last week.
     * Distinct callers do not add up across days, so there is no period total.
     */
    uniqueContacts: z
      .object({
        days: z.array(
          z
            .object({
              day: localDateSchema,
              unique: statisticsCellSchema,
              returning: statisticsCellSchema,
              newcomers: statisticsCellSchema,
              frequent: statisticsCellSchema,
            })
            .strict(),
        ),
      })
      .strict(),
  })
  .strict();
export type StatisticsReport = z.infer<typeof statisticsReportSchema>;
export type StatisticsCategoryTable<Code extends string> = { total: StatisticsCell; rows: { code: Code; contacts: StatisticsCell }[] };
