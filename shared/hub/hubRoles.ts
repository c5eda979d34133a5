import { z } from 'zod';

/** Who a hub account belongs to. Supervisors and administrators always use a second factor. */
export const hubRoleSchema = z.enum(['counsellor', 'supervisor', 'administrator']);
export type HubRole = z.infer<typeof hubRoleSchema>;
