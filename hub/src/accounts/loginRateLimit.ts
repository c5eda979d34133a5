import crypto from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http/httpError';

const MINUTE_MS = 60_000;

export interface LoginRateLimit {
  /** onRequest: counts every login request of a client, before its body is read. */
  byClient: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** Counts a login attempt for the user name typed, whoever sends it (spread password guessing). */
  byUsername: (request: FastifyRequest, reply: FastifyReply, username: string) => Promise<void>;
}

/**
 * Login attempts per minute, per client address and per user name, each its own counter in this
 * process's memory (never logged). The typed name is kept only as a hash: it may be a password
 * typed into the wrong field.
 */
export async function createLoginRateLimit(app: FastifyInstance, attemptsPerMinute: number): Promise<LoginRateLimit> {
  if (!app.hasDecorator('createRateLimit')) await app.register(fastifyRateLimit, { global: false });
  const usernameKeys = new WeakMap<FastifyRequest, string>();
  const clientLimit = app.createRateLimit({ max: attemptsPerMinute, timeWindow: MINUTE_MS, keyGenerator: (request) => `client:${request.ip}` });
  const usernameLimit = app.createRateLimit({
    max: attemptsPerMinute,
    timeWindow: MINUTE_MS,
    keyGenerator: (request) => `user:${usernameKeys.get(request) ?? ''}`,
  });

  const check = async (limit: typeof clientLimit, request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const result = await limit(request);
    if (result.isAllowed || !result.isExceeded) return;
    void reply.header('retry-after', String(result.ttlInSeconds));
    throw new HttpError('rate-limited', 'too many login attempts; try again later');
  };
  return {
    byClient: (request, reply) => check(clientLimit, request, reply),
    byUsername: async (request, reply, username) => {
      usernameKeys.set(request, crypto.createHash('sha256').update(username.toLowerCase()).digest('base64url'));
      await check(usernameLimit, request, reply);
    },
  };
}
