import fs from 'node:fs';

/**
 * The hub's structured log (JSON lines). Fields are primitives chosen by the caller: never a
 * request body, a record, a header or a socket address (invariant I1: the canary tests search
 * this log). Fastify's own request logging stays off for the same reason.
 */
export type LogFields = Record<string, string | number | boolean | null>;

/** What a log line may say of an error: its class name, never its message (which may quote input). */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}

export interface HubLogger {
  info(scope: string, message: string, fields?: LogFields): void;
  warn(scope: string, message: string, fields?: LogFields): void;
  error(scope: string, message: string, fields?: LogFields): void;
}

export function createHubLogger(options: { file?: string; echo?: boolean } = {}): HubLogger {
  const write = (level: string, scope: string, message: string, fields: LogFields = {}): void => {
    const line = JSON.stringify({ t: new Date().toISOString(), level, scope, message, ...fields });
    if (options.file) fs.appendFileSync(options.file, line + '\n', { mode: 0o600 });
    if (options.echo) process.stderr.write(line + '\n');
  };
  return {
    info: (scope, message, fields) => write('info', scope, message, fields),
    warn: (scope, message, fields) => write('warn', scope, message, fields),
    error: (scope, message, fields) => write('error', scope, message, fields),
  };
}

/** For tests: keeps every line so a test can search them. */
export function createMemoryHubLogger(): HubLogger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string, scope: string, message: string, fields: LogFields = {}): void => {
    lines.push(JSON.stringify({ level, scope, message, ...fields }));
  };
  return {
    lines,
    info: (scope, message, fields) => write('info', scope, message, fields),
    warn: (scope, message, fields) => write('warn', scope, message, fields),
    error: (scope, message, fields) => write('error', scope, message, fields),
  };
}
