import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSipPages, type SipPages } from '../sip/pageServer.js';
import { startSipStack, type SipProfile, type SipStack } from '../sip/sipStack.js';
import { startWorkstation, type Workstation } from './workstation';

export interface SoftphoneStack {
  sip: SipStack;
  pages: SipPages;
  workstation: Workstation & { output: () => string; kill: () => Promise<void> };
  /** The static counsellor account in softphone.json (used unless the hub issues per-shift credentials). */
  counsellor: string;
  /**
   * Whom a caller dials to reach the workstation: its static account, or "helpline" when the hub
   * issues per-shift credentials (the shift's user name is new at every shift login).
   */
  callTarget: string;
  stop(): Promise<void>;
}

export interface SoftphoneStackOptions {
  dataDir?: string;
  connectCallerPage?: boolean;
  pagesPort?: number;
  hubUrl?: string;
  /** A SIP stack already running (e.g. the one a hub was started with); default: a new one. */
  sip?: SipStack;
  /**
   * The hub issues per-shift SIP credentials (it was started with this SIP stack): softphone.json
   * then carries none, so the workstation can only register with a shift's.
   */
  perShiftCredentials?: boolean;
}

/**
 * The whole softphone path on real parts: Kamailio (and rtpengine when anonymising), the caller
 * simulator pages, and the workstation's main-process services with its softphone settings.
 * The provider's meaning-bearing headers are trusted only with the anonymising profile, the
 * one that strips caller-supplied copies. `stop` stops what this call started (a SIP stack passed
 * in stays with its owner).
 */
export async function startSoftphoneStack(profile: SipProfile, options: SoftphoneStackOptions = {}): Promise<SoftphoneStack> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `tavs-sip-${profile}-`));
  if (options.sip && options.sip.profile !== profile) throw new Error(`the SIP stack given runs the ${options.sip.profile} profile, not ${profile}`);
  const sip = options.sip ?? (await startSipStack({ profile, workDir }));
  const counsellor = sip.counsellors[0];
  if (!counsellor) throw new Error('the SIP stack has no counsellor account');
  const perShift = options.perShiftCredentials ?? false;
  const settingsFile = path.join(workDir, 'softphone.json');
  fs.writeFileSync(
    settingsFile,
    JSON.stringify({
      wsUrl: sip.wsUrl,
      aor: { ...(perShift ? {} : { user: counsellor.user }), domain: sip.domain },
      ...(perShift ? {} : { authUsername: counsellor.user, password: counsellor.password }),
      // Loopback stands for the provider's media servers here; planted foreign addresses are not.
      mediaServers: ['127.0.0.0/8'],
      providerHeaders: profile === 'anonymising' ? { pseudonym: 'X-Caller-Pseudonym', callReference: 'X-Provider-Call-Ref' } : null,
    }),
    { mode: 0o600 },
  );
  const caller = sip.callers[0];
  const pages = await startSipPages({
    // The demo's caller page connects by itself; tests connect it with accounts of their choosing.
    ...(options.connectCallerPage && caller
      ? { callerConfig: { wsUrl: sip.wsUrl, domain: sip.domain, user: caller.user, password: caller.password } }
      : {}),
    port: options.pagesPort ?? 0,
  });
  const workstation = await startWorkstation({
    sipConfig: settingsFile,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    // With a hub, staff log in with their hub accounts; without one, with the launcher's demo accounts.
    ...(options.hubUrl ? { hubUrl: options.hubUrl, demo: false } : {}),
  });
  return {
    sip,
    pages,
    workstation,
    counsellor: counsellor.user,
    callTarget: perShift ? 'helpline' : counsellor.user,
    stop: async () => {
      await workstation.stop();
      await pages.stop();
      if (!options.sip) await sip.stop();
    },
  };
}
