import fs from 'node:fs';

/**
 * Structured log lines (JSON, one per line). Fields take only primitives chosen by the caller:
 * never pass a SIP message, a payload or a free-text field, since logs are searched by the
 * privacy canary tests and must not hold anything about a caller.
 */
export type LogFields = Record<string, string | number | boolean | null>;
type Level = 'info' | 'warn' | 'error';

export interface Logger {
  info(scope: string, message: string, fields?: LogFields): void;
  warn(scope: string, message: string, fields?: LogFields): void;
  error(scope: string, message: string, fields?: LogFields): void;
}

export function createLogger(options: { file?: string; echo?: boolean; now?: () => Date }): Logger {
  const now = options.now ?? (() => new Date());
  const write = (level: Level, scope: string, message: string, fields: LogFields = {}): void => {
    const line = JSON.stringify({ t: now().toISOString(), level, scope, message, ...fields });
    if (options.file) fs.appendFileSync(options.file, line + '\n', { mode: 0o600 });
    if (options.echo) process.stderr.write(line + '\n');
  };
  return {
    info: (scope, message, fields) => write('info', scope, message, fields),
    warn: (scope, message, fields) => write('warn', scope, message, fields),
    error: (scope, message, fields) => write('error', scope, message, fields),
  };
}
