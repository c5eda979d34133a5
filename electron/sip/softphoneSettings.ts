import fs from 'node:fs';
import { z } from 'zod';

/**
 * How this workstation reaches its SIP server, and the media and privacy policy it applies.
 * Main-process configuration (never sent to the renderer as a whole): credentials stay here.
 *
 * The SIP user (`aor.user`, `authUsername`, `password`) is needed only where no hub issues
 * per-shift credentials (no hub, or a hub without a SIP server): with one, each shift brings
 * its own user name and password, and these three are left out (or ignored). All or none.
 */
export const softphoneSettingsSchema = z
  .object({
    wsUrl: z.string().regex(/^wss?:\/\//),
    aor: z.object({ user: z.string().min(1).optional(), domain: z.string().min(1) }),
    authUsername: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** IPs or CIDRs of the provider's media anchors; SDP addresses elsewhere are removed. */
    mediaServers: z.array(z.string()).min(1),
    /** Trust these provider headers only if the provider strips caller-supplied copies. */
    providerHeaders: z.object({ pseudonym: z.string(), callReference: z.string() }).nullable().default(null),
    /** 'relay' keeps the counsellor's own address out of the SDP too (needs a TURN server). */
    iceTransportPolicy: z.enum(['all', 'relay']).default('all'),
    iceServers: z
      .array(z.object({ urls: z.union([z.string(), z.array(z.string())]), username: z.string().optional(), credential: z.string().optional() }))
      .default([]),
    returningWindowDays: z.number().int().min(1).max(90).default(7),
  })
  .strict()
  .refine((settings) => [settings.aor.user, settings.authUsername, settings.password].filter((value) => value === undefined).length % 3 === 0, {
    message: 'aor.user, authUsername and password come together (or not at all, when the hub issues them per shift)',
    path: ['authUsername'],
  });

export type SoftphoneSettings = z.infer<typeof softphoneSettingsSchema>;

/** The SIP user a workstation registers as, and how it answers digest challenges. */
export interface SipCredentials {
  aorUser: string;
  authUsername: string;
  password: string;
}

/** The credentials in the settings file, if it has them. */
export function staticCredentials(settings: SoftphoneSettings): SipCredentials | null {
  const { aor, authUsername, password } = settings;
  return aor.user && authUsername && password ? { aorUser: aor.user, authUsername, password } : null;
}

/** Reads and validates a settings file; the error names the problem, never a value from the file. */
export function loadSoftphoneSettings(file: string): SoftphoneSettings {
  const parsed = softphoneSettingsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`invalid softphone settings in ${file}: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  }
  return parsed.data;
}

/** The settings file if there is one; a missing file means no phone, a broken one is reported. */
export function softphoneSettingsIfPresent(file: string, report: (problem: string) => void): SoftphoneSettings | null {
  if (!fs.existsSync(file)) return null;
  try {
    return loadSoftphoneSettings(file);
  } catch (error) {
    report(error instanceof SyntaxError ? `softphone settings in ${file} are not JSON` : (error as Error).message);
    return null;
  }
}
