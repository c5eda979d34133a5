// The store's errors: a kind (shared/records/storeProblems.ts: the closed set, with its texts for
// the renderer's catalogue) and a technical code for the log. No text, code or log field here
// ever holds record content or a path.

export { storeErrorKinds, storeErrorMessages, type StoreErrorKind } from '../../shared/records/storeProblems';
import { storeErrorMessages, type StoreErrorKind } from '../../shared/records/storeProblems';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  /**
   * @param kind what the administrator has to resolve
   * @param code the technical reason, a fixed token (`SQLITE_NOTADB`, `key-check-mismatch`,
   *   `ENOSPC`…) fit for a log line
   */
  constructor(
    readonly kind: StoreErrorKind,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`${storeErrorMessages.en[`store.${kind}.title`]} (${kind}: ${code})`, options);
  }
}

/** Where the failure happened: before the key was proven right, SQLITE_NOTADB means the key. */
export interface FailureContext {
  keyVerified: boolean;
}

/** Turns anything thrown by SQLite, the file system or the keychain into a StoreError. */
export function classifyStoreError(error: unknown, context: FailureContext): StoreError {
  if (error instanceof StoreError) return error;
  const code = errorCode(error);
  return new StoreError(kindOf(code, context), code, { cause: error });
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.name : 'unknown';
}

function kindOf(code: string, context: FailureContext): StoreErrorKind {
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk-full';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (code === 'SQLITE_NOTADB') return context.keyVerified ? 'corrupt' : 'wrong-key';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_IOERR_SHORT_READ') return 'corrupt';
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_AUTH' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS'
  ) {
    return 'no-access';
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io-error';
  return 'unexpected';
}

