import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { displayNameSchema, newPasswordSchema, usernameSchema, type TotpEnrolment } from '../../../shared/hub/accountsApi';
import { createSessionStore } from '../accounts/sessionStore';
import { createAccount, disableAccount, enrolTotp, resetPassword, type AccountAdminDeps } from '../accounts/userAdmin';
import { findUserByUsername } from '../accounts/userStore';
import { createAuditLog } from '../audit/auditLog';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { openDatabase } from '../db/openDatabase';
import { createHubLogger } from '../hubLogger';
import { defaultHubPolicy, readHubPolicy } from '../policy/hubPolicy';
import { importShiftCsv } from '../shifts/shiftCsv';
import { CHAT_USAGE, runChatCommand } from './adminChat';
import { readPassword } from './readPassword';

/**
 * The hub's admin CLI, for what cannot be done over HTTP without an administrator: creating the
 * first one, and getting back in (password, TOTP) or shutting an account; and what no one may
 * read over HTTP: a kept chat transcript, a sealed escrow row to hand over. Run it where the hub
 * runs: DATABASE_URL, else the PGlite directory HUB_DATA_DIR (default .hub-data; stop the hub
 * first, PGlite allows one process). Every command but `chat escrow list` (times only) is
 * audited as `cli.*` with no actor.
 */
const USAGE = `usage: npm run hub:admin -- <command> --username NAME [--display-name "Full Name"]
commands:
  create-admin --username NAME --display-name "Full Name"   a new administrator (prints the TOTP secret once)
  reset-password --username NAME                             a new password; ends the user's sessions
  enrol-totp --username NAME                                 a new TOTP secret (printed once); ends the user's sessions
  disable --username NAME                                    disables the account; ends its sessions
  shifts import FILE.csv                                     adds the file's shifts (all or nothing; times in HUB_POLICY's time zone)
${CHAT_USAGE}
The password is read from HUB_ADMIN_PASSWORD, else from stdin (first line), at least 12 characters.`;

class UsageError extends Error {}

const COMMANDS = ['create-admin', 'reset-password', 'enrol-totp', 'disable'] as const;
const isCommand = (name: string): name is (typeof COMMANDS)[number] => (COMMANDS as readonly string[]).includes(name);

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { username: { type: 'string' }, 'display-name': { type: 'string' } },
  });
  const [command, ...extra] = positionals;
  if (command === 'shifts') return importShiftsFile(extra);
  if (command === 'chat') return runChatCommand(extra, { openDatabase: openHubDatabase, usage: (message) => new UsageError(message), write: (text) => process.stdout.write(text) });
  if (!command || extra.length > 0) throw new UsageError('one command, please');
  if (!isCommand(command)) throw new UsageError(`unknown command ${command}`);
  const username = parseOr(usernameSchema, values.username, '--username');
  // Everything asked of the operator comes before the database is touched.
  const displayName = command === 'create-admin' ? parseOr(displayNameSchema, values['display-name'], '--display-name') : '';
  const password = command === 'create-admin' || command === 'reset-password' ? parseOr(newPasswordSchema, await readPassword(), 'the password') : '';

  const db = await openHubDatabase();
  try {
    const now = (): Date => new Date();
    const context = { db, now, policy: defaultHubPolicy, log: createHubLogger() };
    const deps: AccountAdminDeps = { db, now, audit: createAuditLog(context), sessions: createSessionStore(db, now, () => defaultHubPolicy.accounts.sessionHours) };
    switch (command) {
      case 'create-admin': {
        const { user, totp } = await createAccount(deps, { username, displayName, role: 'administrator', password }, { actorId: null, action: 'cli.create-admin' });
        print(`created administrator ${user.username} (${user.id})`, totp);
        break;
      }
      case 'reset-password': {
        await resetPassword(deps, await userIdOf(db, username), password, { actorId: null, action: 'cli.reset-password' });
        print(`new password set for ${username}; its sessions are ended`);
        break;
      }
      case 'enrol-totp': {
        const totp = await enrolTotp(deps, await userIdOf(db, username), { actorId: null, action: 'cli.enrol-totp' });
        print(`new TOTP secret for ${username}; its sessions are ended`, totp);
        break;
      }
      case 'disable': {
        await disableAccount(deps, await userIdOf(db, username), { actorId: null, action: 'cli.disable' });
        print(`${username} is disabled; its sessions are ended`);
        break;
      }
    }
  } finally {
    await db.close();
  }
}

/** `shifts import FILE.csv`: the same import as the administrator's upload, audited as `cli.shift-import`. */
async function importShiftsFile(args: string[]): Promise<void> {
  const [subcommand, file, ...rest] = args;
  if (subcommand !== 'import' || !file || rest.length > 0) throw new UsageError('shifts import takes one CSV file');
  const csv = fs.readFileSync(file, 'utf8');
  const policy = readHubPolicy(process.env.HUB_POLICY);
  const db = await openHubDatabase();
  try {
    const context = { db, now: () => new Date(), policy, log: createHubLogger() };
    const audit = createAuditLog(context);
    const outcome = await db.transaction(async (tx) => {
      const result = await importShiftCsv(tx, csv, { timeZone: policy.statistics.timeZone, write: { createdBy: null, now: context.now() } });
      if (result.ok) await audit.append({ actorId: null, action: 'cli.shift-import', details: { count: result.created } }, tx);
      return result;
    });
    if (!outcome.ok) {
      for (const { line, problem } of outcome.problems) process.stderr.write(`line ${line}: ${problem}\n`);
      throw new Error(`${outcome.problems.length} line(s) refused; nothing imported`);
    }
    print(`imported ${outcome.created} shifts`);
  } finally {
    await db.close();
  }
}

async function openHubDatabase(): Promise<Database> {
  const databaseUrl = process.env.DATABASE_URL;
  let dataDir: string | undefined;
  if (!databaseUrl) {
    dataDir = path.resolve(process.env.HUB_DATA_DIR || '.hub-data');
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  }
  const db = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
  await migrate(db);
  return db;
}

async function userIdOf(db: Database, username: string): Promise<string> {
  const user = await findUserByUsername(db, username);
  if (!user) throw new Error(`no user ${username}`);
  return user.id;
}

function parseOr<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  if (input === undefined) throw new UsageError(`${what} is missing`);
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new UsageError(`${what}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}

/** Key: value lines, so a script can read them; the secret appears only here, once. */
function print(summary: string, totp?: TotpEnrolment): void {
  process.stdout.write(`${summary}\n`);
  if (totp) process.stdout.write(`totp-secret: ${totp.secret}\notpauth-uri: ${totp.otpauthUri}\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`hub admin: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
