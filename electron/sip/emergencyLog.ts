import { randomInt } from 'node:crypto';
import fs from 'node:fs';

/**
 * Emergency flags (afværgepligt): the provider's call reference, which the service quotes to
 * the provider so the provider (never the service) can find the caller. The counsellor gets a
 * short local code to quote to a supervisor. (The encrypted store takes this over once it exists.)
 */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export class EmergencyLog {
  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(providerCallReference: string | undefined): string {
    const reference = `N-${Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
    const entry = { at: this.now().toISOString(), reference, providerCallReference: providerCallReference ?? null };
    fs.appendFileSync(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    return reference;
  }
}
