import { fail, ok, type ApiResult } from '../../shared/contract/result';
import type { SessionState, ShiftImportResult } from '../../shared/contract/schemas';
import { shiftImportProblems, type Shift, type ShiftImportProblem } from '../../shared/hub/shiftsApi';
import { failureResult, type Refusals, type SessionFailure } from '../hub/failureResult';
import { describeFailure } from '../hub/hubClient';
import type { ShiftPlanHub } from '../hub/shiftClient';
import type { Logger } from './logger';

const readers: ReadonlySet<string> = new Set(['supervisor', 'administrator']);
const editors: ReadonlySet<string> = new Set(['administrator']);

const shiftPlanRefusals: Refusals = {
  forbidden: { code: 'forbidden', message: 'the hub refuses this to the account' },
  // Overlaps another shift of the same counsellor, or is being worked (cannot be deleted).
  conflict: { code: 'shift-conflict', message: 'the shift overlaps another or is being worked' },
  // An unknown counsellor, times the hub does not accept, or a shift that is gone.
  'invalid-request': { code: 'invalid-shift', message: 'the hub does not accept this shift' },
  'not-found': { code: 'invalid-shift', message: 'the hub does not accept this shift' },
  'too-large': { code: 'invalid-shift', message: 'the file is too large' },
};

/**
 * The shift plan in the supervisor area: supervisors and administrators read it, only
 * administrators change it (one shift at a time, or a CSV import that is all or nothing).
 * The hub checks the same roles; asking first here spares a round trip and names the refusal.
 */
export class ShiftPlanService {
  constructor(
    private readonly hub: ShiftPlanHub | null,
    private readonly session: () => SessionState,
    private readonly log: Logger,
  ) {}

  async list(query: { from: string; to: string }): Promise<ApiResult<{ shifts: Shift[] }>> {
    const access = this.access(readers);
    if (!access.ok) return access;
    const result = await access.value.list(query);
    return result.ok ? ok({ shifts: result.value.shifts }) : this.failed('list', result.failure);
  }

  async save(shift: { id?: string; username: string; startsAt: string; endsAt: string }): Promise<ApiResult<Shift>> {
    const access = this.access(editors);
    if (!access.ok) return access;
    const result = await access.value.save(shift.id, { username: shift.username, startsAt: shift.startsAt, endsAt: shift.endsAt });
    if (!result.ok) return this.failed('save', result.failure);
    this.log.info('shifts', shift.id ? 'shift changed' : 'shift added');
    return ok(result.value.shift);
  }

  async remove(id: string): Promise<ApiResult<Record<string, never>>> {
    const access = this.access(editors);
    if (!access.ok) return access;
    const result = await access.value.remove(id);
    if (!result.ok) return this.failed('delete', result.failure);
    this.log.info('shifts', 'shift deleted');
    return ok({});
  }

  /** A refused file is an answer, not a failure: its problems, one per line, and nothing imported. */
  async importCsv(csv: string): Promise<ApiResult<ShiftImportResult>> {
    const access = this.access(editors);
    if (!access.ok) return access;
    const result = await access.value.importCsv(csv);
    if (result.ok) {
      this.log.info('shifts', 'shifts imported', { created: result.value.created });
      return ok({ created: result.value.created, problems: [] });
    }
    const { failure } = result;
    if (failure.kind === 'refused' && failure.error === 'invalid-request' && failure.issues?.length) {
      const problems = failure.issues.map((issue) => ({ line: lineOf(issue.path), problem: problemOf(issue.message) }));
      this.log.info('shifts', 'import refused', { lines: problems.length });
      return ok({ created: 0, problems });
    }
    return this.failed('import', failure);
  }

  private access(roles: ReadonlySet<string>): ApiResult<ShiftPlanHub> {
    const session = this.session();
    if (session.status !== 'active') return fail('not-logged-in', 'the shift plan needs a logged-in supervisor or administrator');
    if (!roles.has(session.role)) return fail('forbidden', roles === editors ? 'only administrators change the shift plan' : 'the shift plan is for supervisors and administrators');
    if (!this.hub) return fail('hub-not-configured', 'no hub is configured');
    return ok(this.hub);
  }

  private failed(what: string, failure: SessionFailure): ApiResult<never> {
    if (failure.kind !== 'no-session') this.log.warn('shifts', `${what} failed`, { failure: describeFailure(failure) });
    return failureResult(failure, what, shiftPlanRefusals);
  }
}

/** The line an import issue names (its path is the line number; 1 is the header). */
function lineOf(path: string): number {
  const line = Number(/\d+/.exec(path)?.[0] ?? '1');
  return Number.isInteger(line) && line >= 1 ? line : 1;
}

function problemOf(message: string): ShiftImportProblem {
  return (shiftImportProblems as readonly string[]).includes(message) ? (message as ShiftImportProblem) : 'bad-line';
}
