import type { ChatErrorCode, ChatMessage, ChatScheduleView, SystemNotice, VisitorEvent, VisitorMessage } from '../shared/hub/chatApi';

/**
 * The visitor socket's frames, checked by hand: the contract's zod schemas would triple the
 * page's script, and the page needs only enough checking that a frame it does not understand
 * is dropped rather than rendered. Strings are only ever shown as text (textContent).
 */

const notices: readonly SystemNotice[] = ['counsellor-joined', 'transferred', 'requeued', 'visitor-left', 'visitor-back', 'counsellor-left', 'ended'];
const errorCodes: readonly ChatErrorCode[] = [
  'closed',
  'message-too-large',
  'rate-limited',
  'too-many-conversations',
  'blocked',
  'unknown-conversation',
  'invalid-message',
  'not-yours',
  'no-capacity',
  'unavailable',
];
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;
const clientIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const clockPattern = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown, min: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= min;
const isOneOf = <T extends string>(value: unknown, allowed: readonly T[]): value is T => typeof value === 'string' && (allowed as readonly string[]).includes(value);
const isClientId = (value: unknown): value is string | null => value === null || (typeof value === 'string' && clientIdPattern.test(value));

/** One frame from the hub, or null for anything that is not a frame of the contract. */
export function parseVisitorEvent(raw: unknown): VisitorEvent | null {
  if (typeof raw !== 'string') return null;
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(frame)) return null;
  switch (frame.type) {
    case 'welcome':
      if (typeof frame.token !== 'string' || !tokenPattern.test(frame.token)) return null;
      if (!isOneOf(frame.state, ['queued', 'active'] as const) || !isCount(frame.maxMessageChars, 1)) return null;
      return { type: 'welcome', token: frame.token, state: frame.state, maxMessageChars: frame.maxMessageChars };
    case 'closed': {
      const schedule = parseScheduleView(frame.schedule);
      return schedule ? { type: 'closed', schedule } : null;
    }
    case 'queue':
      if (!isCount(frame.position, 1)) return null;
      if (frame.estimatedWaitSeconds !== null && !isCount(frame.estimatedWaitSeconds, 0)) return null;
      return { type: 'queue', position: frame.position, estimatedWaitSeconds: frame.estimatedWaitSeconds };
    case 'message': {
      const message = parseMessage(frame.message);
      if (!message || !isClientId(frame.clientId)) return null;
      return { type: 'message', message, clientId: frame.clientId };
    }
    case 'typing':
      return typeof frame.typing === 'boolean' ? { type: 'typing', typing: frame.typing } : null;
    case 'ended':
      return isOneOf(frame.by, ['counsellor', 'visitor', 'hub'] as const) ? { type: 'ended', by: frame.by } : null;
    case 'error':
      return isOneOf(frame.code, errorCodes) && isClientId(frame.clientId) ? { type: 'error', code: frame.code, clientId: frame.clientId } : null;
    default:
      return null;
  }
}

function parseMessage(value: unknown): ChatMessage | null {
  if (!isObject(value) || !isCount(value.seq, 1)) return null;
  if (!isOneOf(value.from, ['visitor', 'counsellor', 'system'] as const) || typeof value.text !== 'string' || typeof value.sentAt !== 'string') return null;
  if (value.notice !== null && !isOneOf(value.notice, notices)) return null;
  return { seq: value.seq, from: value.from, text: value.text, notice: value.notice, sentAt: value.sentAt };
}

/** The opening hours, if they have the contract's shape (see chatScheduleViewSchema). */
export function parseScheduleView(value: unknown): ChatScheduleView | null {
  if (!isObject(value) || typeof value.open !== 'boolean' || typeof value.timeZone !== 'string') return null;
  if (value.nextChange !== null && typeof value.nextChange !== 'string') return null;
  if (value.todayLabel !== null && typeof value.todayLabel !== 'string') return null;
  const schedule = value.schedule;
  if (!isObject(schedule) || !Array.isArray(schedule.exceptions)) return null;
  let weekly: ChatScheduleView['schedule']['weekly'] = null;
  if (schedule.weekly !== null) {
    if (!Array.isArray(schedule.weekly) || schedule.weekly.length !== 7) return null;
    const days = schedule.weekly.map(parseIntervals);
    if (days.some((day) => day === null)) return null;
    weekly = days.filter((day) => day !== null);
  }
  const exceptions: ChatScheduleView['schedule']['exceptions'] = [];
  for (const exception of schedule.exceptions) {
    if (!isObject(exception) || typeof exception.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(exception.date)) return null;
    const intervals = parseIntervals(exception.intervals);
    if (!intervals) return null;
    exceptions.push({ date: exception.date, intervals, label: typeof exception.label === 'string' ? exception.label : '' });
  }
  return { schedule: { weekly, exceptions }, timeZone: value.timeZone, open: value.open, nextChange: value.nextChange, todayLabel: value.todayLabel };
}

function parseIntervals(value: unknown): { opens: string; closes: string }[] | null {
  if (!Array.isArray(value)) return null;
  const intervals: { opens: string; closes: string }[] = [];
  for (const interval of value) {
    if (!isObject(interval) || typeof interval.opens !== 'string' || typeof interval.closes !== 'string') return null;
    if (!clockPattern.test(interval.opens) || !clockPattern.test(interval.closes)) return null;
    intervals.push({ opens: interval.opens, closes: interval.closes });
  }
  return intervals;
}

/** A frame for the hub. */
export function encodeVisitorMessage(message: VisitorMessage): string {
  return JSON.stringify(message);
}
