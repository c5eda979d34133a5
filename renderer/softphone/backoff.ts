/**
 * How long to wait before the next attempt to reach the SIP server. Exponential, capped, with
 * "equal jitter": half of the delay is fixed, half random. The fixed half keeps a restarted PBX
 * from being hammered; the random half spreads the counsellors of a whole service, whose
 * workstations all lost the server at the same moment, over the window instead of letting
 * them reconnect in lockstep.
 */
export interface BackoffPolicy {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** Upper bound of any delay, before jitter. */
  maxMs: number;
}

/** The server or the network dropped: come back quickly, then ease off. */
export const reconnectPolicy: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/** The registrar refused our credentials: a retry helps only once the hub has fixed them. */
export const refusedPolicy: BackoffPolicy = { baseMs: 30_000, maxMs: 300_000 };

/** `attempt` counts from 0 (the first retry). `random` returns [0, 1), like Math.random. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = Math.max(0, Math.floor(attempt));
  // 2 ** step overflows to Infinity for large steps; min() keeps the cap exact.
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(step, 30));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}
