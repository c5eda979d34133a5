import type { BoardAlert, ChatQueueFigures } from '../../../shared/hub/chatApi';
import {
  pendingLogoutSchema,
  type AwayReason,
  type BoardCounsellor,
  type BoardSnapshot,
  type PresenceState,
} from '../../../shared/hub/presenceApi';
import type { Queryable } from '../db/database';
import { errorName, type HubLogger } from '../hubLogger';
import type { SipServer } from '../sip/sipServer';

type CallFigures = Pick<BoardSnapshot, 'queue' | 'today'>;

// One collator: `localeCompare(…, 'da')` builds one per comparison, seconds for a large board.
const danish = new Intl.Collator('da');

const unknownFigures: CallFigures = { queue: { calls: null, chats: null }, today: { answered: null, missed: null } };

/**
 * The supervisor board: every counsellor with a shift today (in the service's time zone) or a
 * live shift login, with the state of that login (`offline` without one). Staff names, states
 * and times only.
 */
export async function boardCounsellors(db: Queryable, now: Date, timeZone: string): Promise<BoardCounsellor[]> {
  const { rows } = await db.query<{
    user_id: string;
    display_name: string;
    login_id: string | null;
    presence_login: string | null;
    state: PresenceState | null;
    since: Date | string | null;
    away_reason: AwayReason | null;
    pending_logout: unknown;
    shift_starts: Date | string | null;
    shift_ends: Date | string | null;
    day_starts: Date | string;
  }>(
    `WITH bounds AS (
       SELECT (d::timestamp AT TIME ZONE $2) AS starts, ((d + 1)::timestamp AT TIME ZONE $2) AS ends
         FROM (SELECT ($1::timestamptz AT TIME ZONE $2)::date AS d) today
     )
     SELECT u.id::text AS user_id, u.display_name, l.id::text AS login_id, p.shift_login_id::text AS presence_login,
            p.state, p.since, p.away_reason, p.pending_logout,
            COALESCE(ls.starts_at, ts.starts_at) AS shift_starts, COALESCE(ls.ends_at, ts.ends_at) AS shift_ends, b.starts AS day_starts
       FROM users u CROSS JOIN bounds b
       -- Lookups per user (indexed), whatever the planner believes about table sizes (PGlite never analyzes).
       LEFT JOIN LATERAL (SELECT live.id, live.shift_id FROM shift_logins live WHERE live.user_id = u.id AND live.ended_at IS NULL LIMIT 1) l ON true
       LEFT JOIN shifts ls ON ls.id = l.shift_id
       LEFT JOIN presence p ON p.user_id = u.id
       LEFT JOIN LATERAL (
         -- Today's shift that is on or next; failing that, the last one that ended.
         SELECT s.starts_at, s.ends_at FROM shifts s
          WHERE s.user_id = u.id AND s.starts_at < b.ends AND s.ends_at > b.starts
          ORDER BY (s.ends_at <= $1::timestamptz), CASE WHEN s.ends_at > $1::timestamptz THEN s.starts_at END, s.ends_at DESC
          LIMIT 1
       ) ts ON true
      WHERE u.role = 'counsellor' AND (l.id IS NOT NULL OR (u.disabled_at IS NULL AND ts.starts_at IS NOT NULL))`,
    [now, timeZone],
  );
  const counsellors = rows.map((row): BoardCounsellor => {
    const live = row.login_id !== null && row.presence_login === row.login_id;
    const pending = live ? pendingLogoutSchema.safeParse(row.pending_logout) : null;
    return {
      userId: row.user_id,
      displayName: row.display_name,
      state: live && row.state ? row.state : 'offline',
      since: iso(row.since ?? row.day_starts),
      awayReason: live ? row.away_reason : null,
      shift: row.shift_starts && row.shift_ends ? { startsAt: iso(row.shift_starts), endsAt: iso(row.shift_ends) } : null,
      pendingLogout: pending?.success ? pending.data : null,
    };
  });
  return counsellors.sort((a, b) => danish.compare(a.displayName, b.displayName) || a.userId.localeCompare(b.userId));
}

/**
 * The SIP server's queue and today's figures, asked at most once per `cacheMs` (every board
 * refresh of every supervisor would otherwise be a JSON-RPC call). Unknown (null) without a SIP
 * server, or when it fails or is slow.
 */
export function createCallFiguresCache(sip: SipServer | null, cacheMs: number, log: HubLogger): { get(now: Date): Promise<CallFigures> } {
  let cached: { at: number; figures: CallFigures } | null = null;
  let inFlight: Promise<CallFigures> | null = null;

  const ask = async (now: Date): Promise<CallFigures> => {
    if (!sip) return unknownFigures;
    try {
      const figures = await withTimeout(sip.callFigures(now.toISOString().slice(0, 10)), 2_000);
      return { queue: { calls: count(figures.waiting), chats: null }, today: { answered: count(figures.answered), missed: count(figures.missed) } };
    } catch (error) {
      log.warn('presence', 'SIP server call figures unavailable', { error: errorName(error) });
      return unknownFigures;
    }
  };

  return {
    async get(now) {
      if (cached && Date.now() - cached.at < cacheMs) return cached.figures;
      inFlight ??= ask(now).then((figures) => {
        cached = { at: Date.now(), figures };
        inFlight = null;
        return figures;
      });
      return inFlight;
    },
  };
}

/** What the chat broker (hub/src/chat) shows on the board: counts, times and alerts, never content. */
export interface ChatBoardSource {
  figures(): ChatQueueFigures;
  alerts(): BoardAlert[];
  /** Called when the queue, the held conversations or the alerts change; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export async function boardSnapshot(
  db: Queryable,
  now: Date,
  timeZone: string,
  figures: { get(now: Date): Promise<CallFigures> },
  chat: ChatBoardSource | null = null,
): Promise<BoardSnapshot> {
  const [counsellors, calls] = await Promise.all([boardCounsellors(db, now, timeZone), figures.get(now)]);
  const chatFigures = chat ? chat.figures() : null;
  return {
    generatedAt: now.toISOString(),
    counsellors,
    queue: { calls: calls.queue.calls, chats: chatFigures ? chatFigures.waiting : null },
    today: calls.today,
    chat: chatFigures,
    alerts: chat ? chat.alerts() : [],
  };
}

function count(value: number): number | null {
  return Number.isInteger(value) && value >= 0 ? value : null;
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
