import { useEffect, useRef } from 'react';
import { playChime, type ChimeKind } from './chime';

/**
 * The ids in `ids` not seen before, and the ids now seen (the ones gone are forgotten, so a
 * list that empties and fills again chimes again).
 */
export function newIds(seen: ReadonlySet<string>, ids: readonly string[]): { fresh: string[]; seen: Set<string> } {
  return { fresh: ids.filter((id) => !seen.has(id)), seen: new Set(ids) };
}

/**
 * Chimes when something new appears in `ids` (a chat offer, an emergency alert) and, with
 * `repeatMs`, again that often while anything is still there: a single tone is easily missed.
 */
export function useChime(kind: ChimeKind, ids: readonly string[], repeatMs?: number): void {
  const seen = useRef<ReadonlySet<string>>(new Set());
  const key = ids.join(',');
  useEffect(() => {
    const next = newIds(seen.current, key === '' ? [] : key.split(','));
    seen.current = next.seen;
    if (next.fresh.length > 0) playChime(kind);
  }, [kind, key]);
  const waiting = key !== '';
  useEffect(() => {
    if (!waiting || repeatMs === undefined) return;
    const timer = setInterval(() => playChime(kind), repeatMs);
    return () => clearInterval(timer);
  }, [kind, waiting, repeatMs]);
}
