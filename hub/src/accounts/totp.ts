import { Secret, TOTP } from 'otpauth';
import type { TotpEnrolment } from '../../../shared/hub/accountsApi';

/** RFC 6238 as every authenticator app reads it: SHA-1, six digits, 30-second steps. */
const TOTP_PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
const ISSUER = 'Tavs';

/** A new random secret (160 bits, RFC 4226's recommendation) and its otpauth:// URI. */
export function newTotpEnrolment(username: string): TotpEnrolment {
  const secret = new Secret({ size: 20 });
  const totp = new TOTP({ ...TOTP_PARAMETERS, issuer: ISSUER, label: username, secret });
  return { secret: secret.base32, otpauthUri: totp.toString() };
}

/**
 * The time step a code belongs to, if it is valid now or one step either side (clock drift),
 * else null. The caller must still refuse a step at or before the last one accepted (replay).
 */
export function matchTotpStep(secret: string, code: string, now: Date): number | null {
  const timestamp = now.getTime();
  const delta = TOTP.validate({ ...TOTP_PARAMETERS, secret: Secret.fromBase32(secret), token: code, timestamp, window: 1 });
  return delta === null ? null : TOTP.counter({ period: TOTP_PARAMETERS.period, timestamp }) + delta;
}

/** The code of the step that `date` falls in (test helpers and the CLI's checks). */
export function totpCodeAt(secret: string, date: Date): string {
  return TOTP.generate({ ...TOTP_PARAMETERS, secret: Secret.fromBase32(secret), timestamp: date.getTime() });
}

export function totpStepOf(date: Date): number {
  return TOTP.counter({ period: TOTP_PARAMETERS.period, timestamp: date.getTime() });
}

export const TOTP_PERIOD_MS = TOTP_PARAMETERS.period * 1000;
