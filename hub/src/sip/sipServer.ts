/**
 * What the hub does at the SIP server (Kamailio in tests and in deploy/kamailio): per-shift
 * credentials in, registrations out, and the helpline's call counts for the supervisor board.
 * One implementation talks Kamailio's JSON-RPC (kamailioSipServer.ts); without a configured SIP
 * server the hub issues no SIP credentials and the board shows no call figures.
 */
export interface SipServer {
  /** The digest realm (the SIP domain): HA1 = md5(username:realm:password). */
  readonly realm: string;
  /** Lets `username` register with the password whose HA1 this is. Idempotent. */
  allow(username: string, ha1: string): Promise<void>;
  /** Takes the credentials away (existing registrations stay: see `unregister`). Idempotent. */
  revoke(username: string): Promise<void>;
  /** Removes every registration of `username` now (Kamailio: `ul.rm location <user>`). Idempotent. */
  unregister(username: string): Promise<void>;
  /** Whether `username` has a registration right now. */
  isRegistered(username: string): Promise<boolean>;
  /** Helpline calls waiting now, and today's (UTC) answered and missed ones. */
  callFigures(day: string): Promise<{ waiting: number; answered: number; missed: number }>;
}

/** SIP server faults are reported with this, never with the server's own text in a user-facing place. */
export class SipServerError extends Error {}
