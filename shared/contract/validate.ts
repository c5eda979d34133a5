import type { z } from 'zod';
import { isEventChannel, isRequestChannel, type EventChannel, type RequestChannel } from './channels';
import { fail, ok, type ApiResult } from './result';
import { eventSchemas, requestSchemas, type EventOf, type ResponseOf, type ValidRequestOf } from './schemas';

/** Names the offending fields only: a payload may hold a password, so its values never appear. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.code}`)
    .join('; ');
}

export function validateRequest(
  channel: unknown,
  payload: unknown,
): ApiResult<{ channel: RequestChannel; payload: ValidRequestOf<RequestChannel> }> {
  if (!isRequestChannel(channel)) {
    return fail('unknown-channel', `no such request channel: ${String(channel).slice(0, 64)}`);
  }
  const parsed = requestSchemas[channel].request.safeParse(payload);
  if (!parsed.success) {
    return fail('invalid-request', `${channel} refused: ${describeIssues(parsed.error)}`);
  }
  return ok({ channel, payload: parsed.data });
}

/** Strips a response to its declared shape; a mismatch is a main-process bug, never sent on. */
export function shapeResponse<C extends RequestChannel>(channel: C, value: unknown): ApiResult<ResponseOf<C>> {
  const parsed = requestSchemas[channel].response.safeParse(value);
  if (!parsed.success) {
    return fail('internal', `${channel} produced an invalid response: ${describeIssues(parsed.error)}`);
  }
  return ok(parsed.data as ResponseOf<C>);
}

export function shapeEvent<E extends EventChannel>(event: E, value: unknown): ApiResult<EventOf<E>> {
  if (!isEventChannel(event)) return fail('unknown-channel', `no such event: ${String(event).slice(0, 64)}`);
  const parsed = eventSchemas[event].safeParse(value);
  if (!parsed.success) {
    return fail('internal', `${event} carried an invalid payload: ${describeIssues(parsed.error)}`);
  }
  return ok(parsed.data as EventOf<E>);
}
