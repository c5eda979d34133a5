// The SIP accounts of the test provider, as Kamailio db_text tables.
//
// Kamailio's auth_db reads the `subscriber` table; db_text (in non-caching
// mode, see kamailio.cfg.tmpl) re-reads the file whenever its mtime changes,
// so adding or revoking an account is: rewrite the file, bump its mtime. Only
// HA1 = MD5(user:realm:password) is written, never the password itself.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type SipRole = 'counsellor' | 'caller';

export interface SipAccount {
  user: string;
  password: string;
  role: SipRole;
}

// auth_db 5.6 checks this version of the subscriber table.
const SUBSCRIBER_VERSION = 7;

export function ha1(user: string, realm: string, password: string): string {
  return createHash('md5').update(`${user}:${realm}:${password}`).digest('hex');
}

/** db_text escapes ':' and line breaks inside values. */
function field(value: string): string {
  if (!/^[A-Za-z0-9+._@-]+$/.test(value)) {
    throw new Error(`SIP account field ${JSON.stringify(value)}: use letters, digits and + . _ @ - only`);
  }
  return value;
}

export class SubscriberTable {
  private readonly accounts = new Map<string, SipAccount>();
  private lastMtime = 0;

  constructor(
    readonly dbDir: string,
    readonly realm: string,
  ) {
    mkdirSync(dbDir, { recursive: true });
    writeFileSync(
      join(dbDir, 'version'),
      `table_name(string) table_version(int)\nsubscriber:${SUBSCRIBER_VERSION}\n`,
    );
  }

  get all(): SipAccount[] {
    return [...this.accounts.values()];
  }

  has(user: string): boolean {
    return this.accounts.has(user);
  }

  set(account: SipAccount): void {
    field(account.user);
    this.accounts.set(account.user, { ...account });
    this.write();
  }

  delete(user: string): boolean {
    const existed = this.accounts.delete(user);
    if (existed) this.write();
    return existed;
  }

  private write(): void {
    const rows = [...this.accounts.values()].map(
      (a, i) => `${i + 1}:${field(a.user)}:${field(this.realm)}:${ha1(a.user, this.realm, a.password)}::${a.role}`,
    );
    const file = join(this.dbDir, 'subscriber');
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `id(int,auto) username(string) domain(string) ha1(string) ha1b(string,null) role(string)\n${rows.join('\n')}\n`);
    renameSync(tmp, file);
    // db_text compares whole-second mtimes: two writes in one second would look
    // unchanged. Give every version a strictly newer mtime.
    const now = Math.floor(Date.now() / 1000);
    this.lastMtime = Math.max(now, this.lastMtime + 1, Math.floor(statSync(file).mtimeMs / 1000));
    utimesSync(file, this.lastMtime, this.lastMtime);
  }
}
