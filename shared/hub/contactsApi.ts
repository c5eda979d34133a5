import { z } from 'zod';

/**
 * Returning contacts across workstations (DESIGN.md §1.2). The workstation never sends the
 * provider's pseudonym: it sends HMAC-SHA256(key, pseudonym) as hex under each key the hub hands
 * out. Keys rotate every window (policy `retention.contactWindowDays`); the hub hands out the
 * current and the previous key, so a caller is still recognised across a rotation, and forgets
 * keys and hashes older than the window, after which nothing links an old contact to a new one.
 */
export const CONTACT_KEYS_PATH = '/api/v1/contact-keys';
export const CONTACTS_PATH = '/api/v1/contacts';

export const contactKeySchema = z.object({
  keyId: z.string().min(1).max(64),
  /** 32 random bytes, base64. Kept in memory on the workstation, never written to disk. */
  key: z.string().min(40).max(64),
  validFrom: z.string(),
  validUntil: z.string(),
});
export type ContactKey = z.infer<typeof contactKeySchema>;

export const contactKeysResponseSchema = z.object({
  windowDays: z.number().int().positive(),
  /** Newest first; the first is the current key. */
  keys: z.array(contactKeySchema).min(1).max(2),
});
export type ContactKeysResponse = z.infer<typeof contactKeysResponseSchema>;

export const contactSightingRequestSchema = z
  .object({
    /** Random per contact: a resent sighting is counted once. */
    contactId: z.string().uuid(),
    hashes: z
      .array(z.object({ keyId: z.string().min(1).max(64), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict())
      .min(1)
      .max(2),
  })
  .strict();
export type ContactSightingRequest = z.infer<typeof contactSightingRequestSchema>;

export const contactSightingResponseSchema = z.object({
  /** Contacts from this caller within the window, this one included. */
  contactsInWindow: z.number().int().min(1),
  windowDays: z.number().int().positive(),
});
export type ContactSightingResponse = z.infer<typeof contactSightingResponseSchema>;
