import type { ChatPolicy } from '../policy/hubPolicy';

/**
 * The per-source abuse limits, keyed by the source's keyed hash (sourceAddress.ts) and kept in
 * memory only: new connections per minute, conversations open at once, and the sources a
 * counsellor's block refuses for a while. Every entry expires; `sweep` drops what no longer counts.
 */
export interface SourceLimits {
  /** A new visitor socket from `hash`: false when the source already opened its per-minute share. */
  admitConnection(hash: string, nowMs: number): boolean;
  /** False when `hash` has as many conversations open as it may. */
  mayOpenConversation(hash: string): boolean;
  conversationOpened(hash: string): void;
  conversationClosed(hash: string): void;
  block(hash: string, untilMs: number): void;
  isBlocked(hash: string, nowMs: number): boolean;
  sweep(nowMs: number): void;
  /** How many sources anything is held for (tests: nothing is held for ever). */
  readonly size: number;
}

const MINUTE_MS = 60_000;

export function createSourceLimits(policy: () => ChatPolicy): SourceLimits {
  const connections = new Map<string, number[]>();
  const open = new Map<string, number>();
  const blocked = new Map<string, number>();

  const recent = (hash: string, nowMs: number): number[] => {
    const times = (connections.get(hash) ?? []).filter((at) => at > nowMs - MINUTE_MS);
    if (times.length > 0) connections.set(hash, times);
    else connections.delete(hash);
    return times;
  };

  return {
    admitConnection(hash, nowMs) {
      const times = recent(hash, nowMs);
      if (times.length >= policy().connectionsPerSourcePerMinute) return false;
      connections.set(hash, [...times, nowMs]);
      return true;
    },
    mayOpenConversation: (hash) => (open.get(hash) ?? 0) < policy().maxOpenConversationsPerSource,
    conversationOpened(hash) {
      open.set(hash, (open.get(hash) ?? 0) + 1);
    },
    conversationClosed(hash) {
      const count = (open.get(hash) ?? 0) - 1;
      if (count > 0) open.set(hash, count);
      else open.delete(hash);
    },
    block(hash, untilMs) {
      blocked.set(hash, Math.max(untilMs, blocked.get(hash) ?? 0));
    },
    isBlocked: (hash, nowMs) => (blocked.get(hash) ?? 0) > nowMs,
    sweep(nowMs) {
      for (const hash of [...connections.keys()]) recent(hash, nowMs);
      for (const [hash, until] of [...blocked]) if (until <= nowMs) blocked.delete(hash);
    },
    get size() {
      return new Set([...connections.keys(), ...open.keys(), ...blocked.keys()]).size;
    },
  };
}
