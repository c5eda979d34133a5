import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  SHIFTS_PATH,
  SHIFT_IMPORT_PATH,
  SHIFT_PATH,
  shiftImportRequestSchema,
  shiftInputSchema,
  shiftsQuerySchema,
  type Shift,
  type ShiftImportResponse,
  type ShiftResponse,
  type ShiftsResponse,
} from '../../../shared/hub/shiftsApi';
import type { AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import { HttpError, parseOr400 } from '../http/httpError';
import { principalOf, requireRole, type SessionVerifier } from '../http/principal';
import { importShiftCsv } from './shiftCsv';
import { ShiftRefusal, createShift, deleteShift, listShifts, updateShift, type ShiftRequest } from './shiftPlan';

/** The longest span one listing covers: the plan is read a week or a month at a time. */
const MAX_LIST_DAYS = 92;
// A CSV of the contract's largest size grows when escaped into JSON; the hub-wide limit is 1 MiB.
const IMPORT_BODY_LIMIT_BYTES = 3 * 1024 * 1024;

const shiftIdParamsSchema = z.object({ id: z.uuid() }).strict();

/**
 * The shift plan over HTTP: supervisors and administrators read it, administrators change it.
 * Each change is one transaction with its audit entry (`shift.create|update|delete|import`),
 * which names the shift, its person and times; an import is audited by its count alone.
 */
export function registerShiftPlanRoutes(app: FastifyInstance, context: HubContext, services: { sessions: SessionVerifier; audit: AuditTrail }): void {
  const readers = { preHandler: requireRole(services.sessions, 'supervisor', 'administrator') };
  const administrator = { preHandler: requireRole(services.sessions, 'administrator') };
  const { db } = context;
  const audited = async (request: FastifyRequest, action: string, shift: Shift, tx: Parameters<AuditTrail['append']>[1]): Promise<void> =>
    services.audit.append(
      { actorId: principalOf(request).userId, action, target: shift.id, details: { userId: shift.userId, startsAt: shift.startsAt, endsAt: shift.endsAt } },
      tx,
    );

  app.get(SHIFTS_PATH, readers, async (request, reply): Promise<ShiftsResponse> => {
    const query = parseOr400(shiftsQuerySchema, request.query, 'shifts query');
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (!(to > from)) throw new HttpError('invalid-request', 'invalid shifts query', [{ path: 'to', message: 'must be after from' }]);
    if (to.getTime() - from.getTime() > MAX_LIST_DAYS * 86_400_000) throw new HttpError('invalid-request', 'invalid shifts query', [{ path: 'to', message: `at most ${MAX_LIST_DAYS} days after from` }]);
    void reply.header('cache-control', 'no-store');
    return { shifts: await listShifts(db, { from, to }) };
  });

  app.post(SHIFTS_PATH, administrator, async (request, reply): Promise<ShiftResponse> => {
    const input = shiftRequestOf(request.body);
    const shift = await refusalsAnswered(() =>
      db.transaction(async (tx) => {
        const created = await createShift(tx, input, { createdBy: principalOf(request).userId, now: context.now() });
        await audited(request, 'shift.create', created, tx);
        return created;
      }),
    );
    void reply.status(201);
    return { shift };
  });

  app.put(SHIFT_PATH, administrator, async (request): Promise<ShiftResponse> => {
    const { id } = parseOr400(shiftIdParamsSchema, request.params, 'shift id');
    const input = shiftRequestOf(request.body);
    const shift = await refusalsAnswered(() =>
      db.transaction(async (tx) => {
        const { after } = await updateShift(tx, id, input);
        await audited(request, 'shift.update', after, tx);
        return after;
      }),
    );
    return { shift };
  });

  app.delete(SHIFT_PATH, administrator, async (request, reply) => {
    const { id } = parseOr400(shiftIdParamsSchema, request.params, 'shift id');
    await refusalsAnswered(() =>
      db.transaction(async (tx) => {
        const deleted = await deleteShift(tx, id);
        await audited(request, 'shift.delete', deleted, tx);
      }),
    );
    return reply.status(204).send();
  });

  app.post(SHIFT_IMPORT_PATH, { ...administrator, bodyLimit: IMPORT_BODY_LIMIT_BYTES }, async (request): Promise<ShiftImportResponse> => {
    const { csv } = parseOr400(shiftImportRequestSchema, request.body, 'shift import');
    const actorId = principalOf(request).userId;
    return db.transaction(async (tx) => {
      const outcome = await importShiftCsv(tx, csv, { timeZone: context.policy.statistics.timeZone, write: { createdBy: actorId, now: context.now() } });
      // Thrown inside the transaction, so nothing of the import stays (though nothing was written).
      if (!outcome.ok) {
        const issues = outcome.problems.map((issue) => ({ path: String(issue.line), message: issue.problem }));
        throw new HttpError('invalid-request', `${issues.length} line(s) refused; nothing imported`, issues);
      }
      await services.audit.append({ actorId, action: 'shift.import', details: { count: outcome.created } }, tx);
      return { created: outcome.created };
    });
  });
}

function shiftRequestOf(body: unknown): ShiftRequest {
  const input = parseOr400(shiftInputSchema, body, 'shift');
  return { username: input.username, startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt) };
}

/** A store refusal as the client sees it: a wrong input 400 (with where), a clash with the plan 409. */
async function refusalsAnswered<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ShiftRefusal)) throw error;
    switch (error.reason) {
      case 'unknown-user':
      case 'not-counsellor':
        throw new HttpError('invalid-request', 'invalid shift', [{ path: 'username', message: error.reason }]);
      case 'end-before-start':
      case 'too-long':
        throw new HttpError('invalid-request', 'invalid shift', [{ path: 'endsAt', message: error.reason }]);
      case 'overlap':
        throw new HttpError('conflict', 'the shift overlaps another shift of the same person');
      case 'logged-in':
        throw new HttpError('conflict', 'someone is logged in to this shift');
      case 'worked':
        throw new HttpError('conflict', 'this shift has been worked and stays in the plan');
      case 'not-found':
        throw new HttpError('not-found', 'no such shift');
    }
  }
}
