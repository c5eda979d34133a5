import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { HubErrorBody, HubErrorCode } from '../../../shared/hub/hubErrors';
import type { HubLogger } from '../hubLogger';

const statusOf: Record<HubErrorCode, number> = {
  'invalid-request': 400,
  unauthenticated: 401,
  'invalid-credentials': 401,
  'totp-required': 401,
  'totp-invalid': 401,
  forbidden: 403,
  'outside-shift': 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'rate-limited': 429,
  internal: 500,
};

/** A refusal the client should see as it is: thrown by handlers, answered by the error handler. */
export class HttpError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly issues?: HubErrorBody['issues'],
  ) {
    super(message);
  }
  get status(): number {
    return statusOf[this.code];
  }
}

/** Parses a body, query or params object, or refuses it with the places that are wrong. */
export function parseOr400<T>(schema: z.ZodType<T>, input: unknown, what = 'request'): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new HttpError('invalid-request', `invalid ${what}`, issues);
}

/**
 * Every error leaves the hub as `{ error, message }` with its status. Framework errors (bad
 * JSON, too large, rate limits) are mapped to the same codes; anything unexpected becomes a bare
 * 500, logged by name only, since an error message may quote the input.
 */
export function installErrorHandler(app: FastifyInstance, log: HubLogger): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      const body: HubErrorBody = { error: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) };
      return reply.status(error.status).send(body);
    }
    const framework = frameworkError(error);
    if (framework) return reply.status(statusOf[framework.error]).send(framework);
    log.error('http', 'request failed', { route: request.routeOptions.url ?? 'unknown', error: error.name, code: error.code ?? null });
    return reply.status(500).send({ error: 'internal', message: 'internal error' } satisfies HubErrorBody);
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send({ error: 'not-found', message: 'no such route' } satisfies HubErrorBody));
}

function frameworkError(error: FastifyError): HubErrorBody | null {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { error: 'too-large', message: 'request body too large' };
  if (error.statusCode === 429) return { error: 'rate-limited', message: 'too many requests' };
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { error: 'invalid-request', message: 'expected application/json' };
  if (error.statusCode === 400) return { error: 'invalid-request', message: 'malformed request' };
  return null;
}
