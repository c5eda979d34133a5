import { describe, expect, test } from 'vitest';
import type { HubErrorCode } from '../../shared/hub/hubErrors';
import { failureResult, type Refusals } from './failureResult';

const refused = (error: HubErrorCode): { kind: 'refused'; status: number; error: HubErrorCode; retryAfterMs: null } => ({
  kind: 'refused',
  status: 400,
  error,
  retryAfterMs: null,
});

const codeOf = (result: ReturnType<typeof failureResult>): string => (result.ok ? 'ok' : result.error.code);

describe('a hub failure as a service answer', () => {
  const refusals: Refusals = { forbidden: { code: 'forbidden', message: 'not for this account' } };

  test('the transport failures and a lost session mean the same for every service', () => {
    expect(failureResult({ kind: 'no-session' }, 'report', refusals)).toEqual({ ok: false, error: { code: 'not-logged-in', message: 'no hub session' } });
    for (const failure of [{ kind: 'network', code: 'ECONNRESET' }, { kind: 'timeout' }, { kind: 'server', status: 502 }] as const) {
      expect(codeOf(failureResult(failure, 'report', refusals))).toBe('hub-unreachable');
    }
    expect(failureResult({ kind: 'malformed', status: 200 }, 'report', refusals)).toEqual({
      ok: false,
      error: { code: 'internal', message: "the hub's report answer is not what the contract promises" },
    });
    expect(codeOf(failureResult(refused('unauthenticated'), 'report', refusals))).toBe('not-logged-in');
    expect(failureResult(refused('rate-limited'), 'report', refusals)).toEqual({ ok: false, error: { code: 'hub-unreachable', message: 'the hub is busy' } });
  });

  test("the service's own refusals are used, before the common ones; a code named by neither is internal", () => {
    expect(failureResult(refused('forbidden'), 'report', refusals)).toEqual({ ok: false, error: { code: 'forbidden', message: 'not for this account' } });
    const ownUnauthenticated: Refusals = { unauthenticated: { code: 'internal', message: 'no answer to this request' } };
    expect(codeOf(failureResult(refused('unauthenticated'), 'report', ownUnauthenticated))).toBe('internal');
    expect(failureResult(refused('conflict'), 'export', refusals)).toEqual({ ok: false, error: { code: 'internal', message: 'the hub refused the export' } });
  });
});
