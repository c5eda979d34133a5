import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  CHAT_CANNED_REPLIES_PATH,
  CHAT_SCHEDULE_PATH,
  cannedRepliesInputSchema,
  chatScheduleSchema,
  type CannedRepliesResponse,
  type CannedReply,
  type ChatSchedule,
  type ChatScheduleView,
  type OpeningInterval,
} from '../../../shared/hub/chatApi';
import type { AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import { HttpError, parseOr400 } from '../http/httpError';
import { principalOf, requireRole, type SessionVerifier } from '../http/principal';
import { scheduleView, type CachedChatOpeningHours } from './chatSchedule';
import { readCannedReplies, writeCannedReplies, writeChatSchedule } from './chatSettingsStore';

type Issue = { path: string; message: string };

/**
 * Canned replies and opening hours over HTTP. Counsellors, supervisors and administrators read
 * the replies; anyone reads the opening hours (the visitor page asks); administrators change
 * both. A change is one transaction with its audit entry (`chat.canned-replies.update`,
 * `chat.schedule.update`), which says how much, never the text.
 */
export function registerChatSettingsRoutes(
  app: FastifyInstance,
  context: HubContext,
  services: { sessions: SessionVerifier; audit: AuditTrail; openingHours: CachedChatOpeningHours },
): void {
  const readers = { preHandler: requireRole(services.sessions, 'counsellor', 'supervisor', 'administrator') };
  const administrator = { preHandler: requireRole(services.sessions, 'administrator') };
  const { db } = context;
  const written = (request: FastifyRequest) => ({ updatedBy: principalOf(request).userId, at: context.now() });

  app.get(CHAT_CANNED_REPLIES_PATH, readers, async (_request, reply): Promise<CannedRepliesResponse> => {
    void reply.header('cache-control', 'no-store');
    return { replies: await readCannedReplies(db) };
  });

  app.put(CHAT_CANNED_REPLIES_PATH, administrator, async (request, reply): Promise<CannedRepliesResponse> => {
    const { replies } = parseOr400(cannedRepliesInputSchema, request.body, 'canned replies');
    refuseIssues('invalid canned replies', cannedReplyIssues(replies));
    await db.transaction(async (tx) => {
      await writeCannedReplies(tx, replies, written(request));
      await services.audit.append({ actorId: principalOf(request).userId, action: 'chat.canned-replies.update', details: { count: replies.length } }, tx);
    });
    void reply.header('cache-control', 'no-store');
    return { replies };
  });

  app.get(CHAT_SCHEDULE_PATH, async (_request, reply): Promise<ChatScheduleView> => {
    // Open or closed changes by the minute: a cache along the way would show yesterday's answer.
    void reply.header('cache-control', 'no-store');
    return services.openingHours.view(context.now());
  });

  app.put(CHAT_SCHEDULE_PATH, administrator, async (request, reply): Promise<ChatScheduleView> => {
    const input = parseOr400(chatScheduleSchema, request.body, 'schedule');
    refuseIssues('invalid schedule', scheduleIssues(input));
    const schedule = normalised(input);
    await db.transaction(async (tx) => {
      await writeChatSchedule(tx, schedule, written(request));
      await services.audit.append(
        {
          actorId: principalOf(request).userId,
          action: 'chat.schedule.update',
          details: {
            aroundTheClock: schedule.weekly === null,
            openWeekdays: schedule.weekly === null ? 7 : schedule.weekly.filter((day) => day.length > 0).length,
            exceptions: schedule.exceptions.length,
          },
        },
        tx,
      );
    });
    services.openingHours.invalidate();
    void reply.header('cache-control', 'no-store');
    return scheduleView(schedule, context.policy.statistics.timeZone, context.now());
  });
}

function refuseIssues(message: string, issues: Issue[]): void {
  if (issues.length > 0) throw new HttpError('invalid-request', message, issues.slice(0, 20));
}

/**
 * Text that a counsellor sends or a visitor reads: no control characters but tab and line
 * breaks, no bidi overrides (they disguise what is shown), no lone surrogates (not storable).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSHOWABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function cannedReplyIssues(replies: CannedReply[]): Issue[] {
  const issues: Issue[] = [];
  const titles = new Set<string>();
  replies.forEach((reply, index) => {
    if (UNSHOWABLE.test(reply.title)) issues.push({ path: `replies.${index}.title`, message: 'contains control or bidi-override characters' });
    if (UNSHOWABLE.test(reply.text)) issues.push({ path: `replies.${index}.text`, message: 'contains control or bidi-override characters' });
    const title = reply.title.toLocaleLowerCase('da');
    if (titles.has(title)) issues.push({ path: `replies.${index}.title`, message: 'another reply has this title' });
    titles.add(title);
  });
  return issues;
}

/** Intervals in order of opening and exceptions in order of date, as they are stored and shown. */
function normalised(schedule: ChatSchedule): ChatSchedule {
  return {
    weekly: schedule.weekly === null ? null : schedule.weekly.map(sortedByOpening),
    exceptions: [...schedule.exceptions].sort((a, b) => a.date.localeCompare(b.date)).map((exception) => ({ ...exception, intervals: sortedByOpening(exception.intervals) })),
  };
}

function sortedByOpening(intervals: OpeningInterval[]): OpeningInterval[] {
  return [...intervals].sort((a, b) => a.opens.localeCompare(b.opens));
}

/** What the schema cannot say: overlaps within a day and two exceptions for one date (paths as sent). */
function scheduleIssues(schedule: ChatSchedule): Issue[] {
  const issues: Issue[] = [];
  const overlapping = (intervals: OpeningInterval[]) =>
    sortedByOpening(intervals).some((interval, index, sorted) => index > 0 && interval.opens < (sorted[index - 1] as OpeningInterval).closes);
  schedule.weekly?.forEach((day, index) => {
    if (overlapping(day)) issues.push({ path: `weekly.${index}`, message: 'intervals overlap' });
  });
  const dates = new Set<string>();
  schedule.exceptions.forEach((exception, index) => {
    if (dates.has(exception.date)) issues.push({ path: `exceptions.${index}.date`, message: 'another exception has this date' });
    dates.add(exception.date);
    if (overlapping(exception.intervals)) issues.push({ path: `exceptions.${index}.intervals`, message: 'intervals overlap' });
    if (UNSHOWABLE.test(exception.label)) issues.push({ path: `exceptions.${index}.label`, message: 'contains control or bidi-override characters' });
  });
  return issues;
}
