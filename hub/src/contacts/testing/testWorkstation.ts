import crypto from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import {
  CONTACT_KEYS_PATH,
  CONTACTS_PATH,
  contactKeysResponseSchema,
  contactSightingResponseSchema,
  type ContactKey,
} from '../../../../shared/hub/contactsApi';
import { bearer, loginToken, type TestUser } from '../../../testing/testAccounts';
import type { HubContext } from '../../hubContext';
import { hashesFor } from './contactTestKit';

/**
 * A counsellor's workstation as the hub sees it over HTTP: a real login (again once the hub's
 * clock has moved past the session), the keys held in memory, and contacts registered the way
 * the workstation does it (refetching the keys once when the hub refuses them).
 */
export interface TestWorkstation {
  /** The keys it holds now. */
  keys: ContactKey[];
  fetchKeys(): Promise<LightMyRequestResponse>;
  send(body: unknown): Promise<LightMyRequestResponse>;
  /** Registers a contact from `pseudonym`; returns contactsInWindow. */
  contact(pseudonym: string, contactId?: string): Promise<number>;
}

export function testWorkstation(app: FastifyInstance, context: HubContext, user: TestUser): TestWorkstation {
  let token: string | null = null;
  let loggedInAt = 0;
  const authorization = async (): Promise<{ authorization: string }> => {
    const now = context.now().getTime();
    if (!token || now - loggedInAt >= context.policy.accounts.sessionHours * 3_600_000 || now < loggedInAt) {
      token = await loginToken(app, user, context.now());
      loggedInAt = now;
    }
    return bearer(token);
  };

  const station: TestWorkstation = {
    keys: [],
    async fetchKeys() {
      const response = await app.inject({ method: 'GET', url: CONTACT_KEYS_PATH, headers: await authorization() });
      if (response.statusCode === 200) station.keys = contactKeysResponseSchema.parse(response.json()).keys;
      return response;
    },
    async send(body) {
      return app.inject({ method: 'POST', url: CONTACTS_PATH, headers: await authorization(), payload: body as Record<string, unknown> });
    },
    async contact(pseudonym, contactId = crypto.randomUUID()) {
      if (station.keys.length === 0) await station.fetchKeys();
      let response = await station.send({ contactId, hashes: hashesFor(station.keys, pseudonym) });
      if (response.statusCode === 400) {
        await station.fetchKeys();
        response = await station.send({ contactId, hashes: hashesFor(station.keys, pseudonym) });
      }
      if (response.statusCode !== 200) throw new Error(`contact answered ${response.statusCode} ${response.body}`);
      return contactSightingResponseSchema.parse(response.json()).contactsInWindow;
    },
  };
  return station;
}
