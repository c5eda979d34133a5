import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSipPages, type SipPages } from '../sip/pageServer.js';
import { startSipStack, type SipProfile, type SipStack } from '../sip/sipStack.js';
import { startWorkstation, type Workstation } from './workstation';

export interface SoftphoneStack {
  sip: SipStack;
  pages: SipPages;
  workstation: Workstation & { output: () => string };
  /** The counsellor account the workstation registers as. */
  counsellor: string;
  stop(): Promise<void>;
}

/**
 * The whole softphone path on real parts: Kamailio (and rtpengine when anonymising), the caller
 * simulator pages, and the workstation's main-process services with its softphone settings.
 * The provider's meaning-bearing headers are trusted only with the anonymising profile, the
 * one that strips caller-supplied copies.
 */
export async function startSoftphoneStack(
  profile: SipProfile,
  options: { dataDir?: string; connectCallerPage?: boolean; pagesPort?: number; hubUrl?: string } = {},
): Promise<SoftphoneStack> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `tavs-sip-${profile}-`));
  const sip = await startSipStack({ profile, workDir });
  const counsellor = sip.counsellors[0];
  if (!counsellor) throw new Error('the SIP stack has no counsellor account');
  const settingsFile = path.join(workDir, 'softphone.json');
  fs.writeFileSync(
    settingsFile,
    JSON.stringify({
      wsUrl: sip.wsUrl,
      aor: { user: counsellor.user, domain: sip.domain },
      authUsername: counsellor.user,
      password: counsellor.password,
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
    stop: async () => {
      await workstation.stop();
      await pages.stop();
      await sip.stop();
    },
  };
}
