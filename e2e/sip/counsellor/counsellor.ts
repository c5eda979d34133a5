// A bare sip.js counsellor for testing the SIP stack itself (the app's own
// softphone, behind the identity firewall, is tested elsewhere). It records
// every INVITE exactly as it arrived so specs can inspect what leaked.
import { Registerer, SessionState, UserAgent, type Invitation } from 'sip.js';
import type { CounsellorApi, ReceivedInvite, RegisterResult, SipAccountConfig } from '../pageApi.js';
import { callState, endSession, mediaStats, playRemoteAudio, sdhOptions, waitForState } from '../browser/media.js';

let ua: UserAgent | undefined;
let registerer: Registerer | undefined;
let current: Invitation | undefined;
const ringing: Invitation[] = [];
const invites: ReceivedInvite[] = [];
const inviteWaiters: Array<(invite: ReceivedInvite) => void> = [];

function onInvite(invitation: Invitation): void {
  const invite = { raw: invitation.request.data };
  ringing.push(invitation);
  const waiter = inviteWaiters.shift();
  if (waiter) waiter(invite);
  else invites.push(invite);
}

async function disconnect(): Promise<void> {
  for (const s of [current, ...ringing.splice(0)]) await endSession(s).catch(() => undefined);
  current = undefined;
  invites.length = 0;
  await ua?.stop().catch(() => undefined);
  ua = undefined;
  registerer = undefined;
}

async function register(c: SipAccountConfig): Promise<RegisterResult> {
  await disconnect();
  const uri = UserAgent.makeURI(`sip:${c.user}@${c.domain}`);
  if (!uri) throw new Error(`bad account ${c.user}@${c.domain}`);
  ua = new UserAgent({
    uri,
    authorizationUsername: c.user,
    authorizationPassword: c.password,
    transportOptions: { server: c.wsUrl },
    sessionDescriptionHandlerFactoryOptions: sdhOptions,
    delegate: { onInvite },
    logLevel: 'warn',
  });
  await ua.start();
  const reg = new Registerer(ua, { expires: 300 });
  registerer = reg;
  return new Promise<RegisterResult>((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false }), 10_000);
    const done = (result: RegisterResult): void => {
      clearTimeout(timer);
      resolve(result);
    };
    reg
      .register({
        requestDelegate: {
          onAccept: (response) => done({ ok: true, statusCode: response.message.statusCode }),
          onReject: (response) => done({ ok: false, statusCode: response.message.statusCode }),
        },
      })
      .catch(() => done({ ok: false }));
  });
}

function nextInvite(timeoutMs = 15_000): Promise<ReceivedInvite> {
  const queued = invites.shift();
  if (queued) return Promise.resolve(queued);
  return new Promise((resolve, reject) => {
    const waiter = (invite: ReceivedInvite): void => {
      clearTimeout(timer);
      resolve(invite);
    };
    const timer = setTimeout(() => {
      inviteWaiters.splice(inviteWaiters.indexOf(waiter), 1);
      reject(new Error(`no INVITE within ${timeoutMs} ms`));
    }, timeoutMs);
    inviteWaiters.push(waiter);
  });
}

function takeRinging(): Invitation {
  const invitation = ringing.shift();
  if (!invitation) throw new Error('no call is ringing');
  current = invitation;
  return invitation;
}

async function answer(): Promise<void> {
  const invitation = takeRinging();
  await invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
  await waitForState(invitation, SessionState.Established);
  playRemoteAudio(invitation, document.querySelector<HTMLAudioElement>('#remote')!);
}

const api: CounsellorApi = {
  register,
  async unregister() {
    await registerer?.unregister().catch(() => undefined);
  },
  nextInvite,
  answer,
  reject: (statusCode = 486) => takeRinging().reject({ statusCode }),
  hangup: () => endSession(current),
  waitForEnd: async (timeoutMs = 15_000) => {
    if (current) await waitForState(current, SessionState.Terminated, timeoutMs);
  },
  stats: () => mediaStats(current),
  state: () => callState(current),
  disconnect,
};
window.tavsCounsellor = api;
