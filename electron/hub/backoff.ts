export interface BackoffOptions {
  /** The ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay is longer than this, however long the hub has been away. */
  capMs: number;
}

/**
 * "Full jitter" (the AWS architecture blog's name): a delay drawn uniformly from
 * [0, min(cap, base·2^(failures-1))). Many workstations that lost the hub at the same moment
 * then come back spread over the whole interval instead of all at once.
 */
export function fullJitterDelay(failures: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
