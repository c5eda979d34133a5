import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The short local code a counsellor quotes to a supervisor for an emergency flag (afværgepligt).
 * It is the workstation's own: neither the provider's call reference nor anything of the call.
 */
export function newEmergencyReference(): string {
  return `N-${Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
}
