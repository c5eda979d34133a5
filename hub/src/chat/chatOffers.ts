import type { Conversation, CounsellorLink, Offer } from './chatConversation';

/** A counsellor on shift as the broker knows them: their socket, what they hold and are offered. */
export interface CounsellorEntry {
  readonly userId: string;
  loginId: string;
  displayName: string;
  /** Null while the socket is gone (until `graceUntilMs`, then their conversations go back to the queue). */
  link: CounsellorLink | null;
  graceUntilMs: number | null;
  /** The workstation says new offers may come. */
  accepting: boolean;
  holding: Set<string>;
  offers: Map<string, Offer>;
  /** When they last got an offer: of two equally loaded, the one who waited longer is next. */
  lastOfferMs: number;
}

/** Conversations held plus offers out: an offer takes a place until it is answered. */
export function load(entry: CounsellorEntry): number {
  return entry.holding.size + entry.offers.size;
}

/** May be offered a conversation now. */
export function canTakeOffer(entry: CounsellorEntry, maxParallelChats: number): boolean {
  return entry.link !== null && entry.accepting && load(entry) < maxParallelChats;
}

/**
 * Who gets the offer for `conversation`: among those who can take one, first those who have not
 * passed it on already; the least loaded, then the one who waited longest for an offer. Null if
 * nobody can (or, with `fresh`, nobody who has not passed it).
 */
export function chooseCounsellor(
  conversation: Conversation,
  counsellors: Iterable<CounsellorEntry>,
  maxParallelChats: number,
  fresh: boolean,
): CounsellorEntry | null {
  let best: CounsellorEntry | null = null;
  for (const entry of counsellors) {
    if (!canTakeOffer(entry, maxParallelChats)) continue;
    if (fresh && conversation.passed.has(entry.userId)) continue;
    if (!best || better(entry, best)) best = entry;
  }
  return best;
}

function better(a: CounsellorEntry, b: CounsellorEntry): boolean {
  if (load(a) !== load(b)) return load(a) < load(b);
  if (a.lastOfferMs !== b.lastOfferMs) return a.lastOfferMs < b.lastOfferMs;
  return a.userId < b.userId;
}
