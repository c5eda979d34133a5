import type { FastifyInstance } from 'fastify';
import {
  CONTACT_KEYS_PATH,
  CONTACTS_PATH,
  contactSightingRequestSchema,
  type ContactKeysResponse,
  type ContactSightingResponse,
} from '../../../shared/hub/contactsApi';
import type { HubContext } from '../hubContext';
import { parseOr400 } from '../http/httpError';
import { requireRole, type SessionVerifier } from '../http/principal';
import { currentContactKeys, toContactKey } from './contactKeys';
import { registerSighting } from './contactSightings';

/** Returning contacts: counsellors' workstations fetch the hash keys and register contacts. */
export function registerContactRoutes(app: FastifyInstance, context: HubContext, deps: { sessions: SessionVerifier }): void {
  const counsellor = requireRole(deps.sessions, 'counsellor');

  app.get(CONTACT_KEYS_PATH, { preHandler: counsellor }, async (_request, reply): Promise<ContactKeysResponse> => {
    // The keys are secrets: no cache between the hub and the workstation may keep them.
    void reply.header('cache-control', 'no-store');
    const keys = await currentContactKeys(context);
    return { windowDays: context.policy.retention.contactWindowDays, keys: keys.map(toContactKey) };
  });

  app.post(CONTACTS_PATH, { preHandler: counsellor }, async (request): Promise<ContactSightingResponse> => {
    const sighting = parseOr400(contactSightingRequestSchema, request.body, 'contact sighting');
    return registerSighting(context, sighting);
  });
}
