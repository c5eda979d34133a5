// The real SIP test/demo stack: Kamailio (+ rtpengine for the anonymising
// profile) on 127.0.0.1, with the project's config and freshly made accounts.
//
//   const stack = await startSipStack({ profile: 'anonymising', workDir });
//   ... stack.wsUrl, stack.counsellors[0], stack.callers[0] ...
//   await stack.stop();
//
// workDir receives the rendered kamailio.cfg, the db_text tables, the logs
// (kamailio.log, rtpengine.log) and, via stackCli.ts, endpoints.json.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KamailioSipServer } from '../../hub/src/sip/kamailioSipServer';
import { ha1, SubscriberTable, type SipAccount, type SipRole } from './credentials.js';
import { JsonRpcError, kamailioRpc, registeredAors, type UlDump } from './jsonrpc.js';
import { canConnect, findProgram, freePorts, startProcess, waitUntilReady, type ManagedProcess } from './processes.js';
import { startRtpengine, type RtpengineInfo } from './rtpengine.js';
import { UdpSipAgent } from './udpAgent.js';

export type SipProfile = 'anonymising' | 'leaky';

export interface SipCredential {
  user: string;
  password: string;
}

export interface SipStackOptions {
  profile: SipProfile;
  /** Created if missing. Config, tables and logs go here. */
  workDir: string;
  /** SIP domain and digest realm. Default "tavs.test". */
  domain?: string;
  /** Salt of the caller pseudonym (anonymising). Default: random per stack. */
  salt?: string;
  /** Counsellor user names. Default ["counsellor1", "counsellor2"]. */
  counsellors?: string[];
  /** Caller (PSTN gateway) user names. Default ["caller1"]. */
  callers?: string[];
}

/** Everything a client needs, JSON-serialisable (stackCli.ts writes it). */
export interface SipStackEndpoints {
  profile: SipProfile;
  domain: string;
  /** SIP over WebSocket, e.g. ws://127.0.0.1:41234 */
  wsUrl: string;
  /** SIP over UDP (for SIPp), e.g. 127.0.0.1:41235 */
  udpAddress: string;
  /** Kamailio JSON-RPC over HTTP, e.g. http://127.0.0.1:41236/RPC */
  jsonrpcUrl: string;
  /** Calls to sip:helpline@domain ring every registered counsellor. */
  helplineUri: string;
  counsellors: SipCredential[];
  callers: SipCredential[];
  rtpengine?: RtpengineInfo;
  kamailio: { pid: number; logFile: string; configFile: string };
  workDir: string;
}

export interface SipStack extends SipStackEndpoints {
  /** The X-Caller-Pseudonym the anonymising profile sends for this number. */
  pseudonymFor(number: string): string;
  /** The X-Provider-Call-Ref the anonymising profile sends for this Call-ID. */
  callRefFor(callId: string): string;
  /**
   * What the provider (only) can resolve a call reference to in an emergency:
   * the caller's From URI, kept 12 hours (anonymising). undefined if unknown.
   */
  escrowLookup(callRef: string): Promise<string | undefined>;
  /** Add or replace an account (effective for the next request, no restart). */
  addAccount(account: SipCredential & { role: SipRole }): void;
  /** Revoke an account's credentials (its registrations stay: see unregister). */
  removeAccount(user: string): void;
  /** Remove a user's registrations now (JSON-RPC ul.rm), as the hub would. */
  unregister(user: string): Promise<void>;
  /** AORs registered right now (JSON-RPC ul.dump). */
  registeredAors(): Promise<string[]>;
  /**
   * Per-shift credentials, as the hub issues them: `user` may register with `password` (its HA1
   * goes to the htable shiftcreds over JSON-RPC; effective at once). Such a user is a counsellor.
   */
  allowShiftUser(user: string, password: string): Promise<void>;
  /** Takes per-shift credentials away (registrations stay: see unregister). */
  revokeShiftUser(user: string): Promise<void>;
  /** Whether `user` has a registration now (JSON-RPC ul.lookup). */
  isRegistered(user: string): Promise<boolean>;
  /** Helpline calls ringing now and `day`'s (UTC, default today) answered and missed ones, as the hub reads them. */
  callFigures(day?: string): Promise<{ waiting: number; answered: number; missed: number }>;
  /** A SIP phone over UDP (udpAgent.ts) with these credentials: a counsellor registers, the caller calls. */
  udpAgent(credential: SipCredential): Promise<UdpSipAgent>;
  /**
   * A test call from the gateway (callers[0], From = `number`) to `to` (default "helpline"): its
   * final status (480: nobody registered), or 'ringing' if it still rings after `ringMs`
   * (default 2 s), when it is cancelled. Counts in the helpline figures like any call.
   */
  testCall(options?: { to?: string; number?: string; ringMs?: number }): Promise<number | 'ringing'>;
  /** Any Kamailio RPC command. */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  endpoints(): SipStackEndpoints;
  /** Stop Kamailio and rtpengine; resolves when both are gone. Idempotent. */
  stop(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
export const kamailioTemplate = join(here, 'kamailio', 'kamailio.cfg.tmpl');

function secret(bytes = 12): string {
  return randomBytes(bytes).toString('hex');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Fill {{NAME}} placeholders; any placeholder left unfilled is an error. */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  const out = template.replace(/\{\{([A-Z_]+)\}\}/g, (match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`kamailio template: no value for ${match}`);
    return String(value);
  });
  return out;
}

export async function startSipStack(options: SipStackOptions): Promise<SipStack> {
  const { profile } = options;
  if (profile !== 'anonymising' && profile !== 'leaky') throw new Error(`unknown SIP profile ${String(profile)}`);
  const workDir = resolve(options.workDir);
  const domain = options.domain ?? 'tavs.test';
  const salt = options.salt ?? secret(16);
  mkdirSync(join(workDir, 'run'), { recursive: true });

  const accounts = new SubscriberTable(join(workDir, 'db'), domain);
  const make = (users: string[], role: SipRole): SipCredential[] =>
    users.map((user) => {
      const account: SipAccount = { user, password: secret(), role };
      accounts.set(account);
      return { user, password: account.password };
    });
  const counsellors = make(options.counsellors ?? ['counsellor1', 'counsellor2'], 'counsellor');
  const callers = make(options.callers ?? ['caller1'], 'caller');

  const [wsPort, rpcPort, udpPort, ngPort] = await freePorts(['tcp', 'tcp', 'udp', 'udp']);
  const configFile = join(workDir, 'kamailio.cfg');
  writeFileSync(
    configFile,
    renderTemplate(readFileSync(kamailioTemplate, 'utf8'), {
      PROFILE: profile.toUpperCase(),
      DOMAIN: domain,
      DB_URL: `text://${join(workDir, 'db')}`,
      WS_PORT: wsPort,
      RPC_PORT: rpcPort,
      UDP_PORT: udpPort,
      RTPENGINE_NG_PORT: ngPort,
      SALT: salt,
      TOPOH_KEY: secret(),
    }),
  );

  const started: ManagedProcess[] = [];
  const stopAll = async (): Promise<void> => {
    // Kamailio first: it may still talk to rtpengine while shutting down.
    for (const proc of [...started].reverse()) await proc.stop();
  };

  const jsonrpcUrl = `http://127.0.0.1:${rpcPort}/RPC`;
  let rtpengine: RtpengineInfo | undefined;
  let kamailio: ManagedProcess;
  try {
    if (profile === 'anonymising') {
      const proc = await startRtpengine(workDir, ngPort);
      started.push(proc);
      rtpengine = { ngAddress: `127.0.0.1:${ngPort}`, pid: proc.pid, logFile: proc.logFile };
    }
    kamailio = startProcess(
      'kamailio',
      findProgram('kamailio', 'kamailio (and kamailio-websocket-modules)'),
      [
        '-f', configFile,
        '-DD', // no daemon: stays our child, its workers are its children
        '-E', // log to stderr (captured into kamailio.log)
        '-Y', join(workDir, 'run'), // runtime dir, instead of /run/kamailio
        '-m', '64',
        '-M', '8',
      ],
      join(workDir, 'kamailio.log'),
    );
    started.push(kamailio);
    await waitUntilReady(kamailio, async () => {
      if (!(await canConnect(wsPort))) return false;
      await kamailioRpc(jsonrpcUrl, 'core.version');
      return true;
    });
  } catch (err) {
    await stopAll();
    throw err;
  }

  const endpoints: SipStackEndpoints = {
    profile,
    domain,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    udpAddress: `127.0.0.1:${udpPort}`,
    jsonrpcUrl,
    helplineUri: `sip:helpline@${domain}`,
    counsellors,
    callers,
    ...(rtpengine ? { rtpengine } : {}),
    kamailio: { pid: kamailio.pid, logFile: kamailio.logFile, configFile },
    workDir,
  };

  let stopping: Promise<void> | undefined;
  const rpc = <T = unknown>(method: string, params: unknown[] = []): Promise<T> =>
    kamailioRpc<T>(jsonrpcUrl, method, params);
  // The hub's own client: what the stack reports is what the hub would see.
  const sipServer = new KamailioSipServer({ rpcUrl: jsonrpcUrl, realm: domain });
  const udpAgent = (credential: SipCredential): Promise<UdpSipAgent> =>
    UdpSipAgent.open({ server: endpoints.udpAddress, domain, ...credential });

  return {
    ...endpoints,
    pseudonymFor: (number) => sha256(`${salt}:number:${number}`),
    callRefFor: (callId) => sha256(`${salt}:callref:${callId}`).slice(0, 32),
    async escrowLookup(callRef) {
      try {
        const reply = await rpc<{ item?: { value?: string } }>('htable.get', ['escrow', callRef]);
        return reply.item?.value;
      } catch (err) {
        // Kamailio answers 500 "Key name doesn't exist" for an unknown (or expired) key.
        if (err instanceof JsonRpcError && /doesn't exist/.test(err.message)) return undefined;
        throw err;
      }
    },
    addAccount: ({ user, password, role }) => accounts.set({ user, password, role }),
    removeAccount: (user) => void accounts.delete(user),
    async unregister(user) {
      try {
        await rpc('ul.rm', ['location', user]);
      } catch (err) {
        // Nothing registered for that user is what we wanted anyway.
        if (!(err instanceof JsonRpcError && err.code === 404)) throw err;
      }
    },
    registeredAors: async () => registeredAors(await rpc<UlDump>('ul.dump')),
    allowShiftUser: (user, password) => sipServer.allow(user, ha1(user, domain, password)),
    revokeShiftUser: (user) => sipServer.revoke(user),
    isRegistered: (user) => sipServer.isRegistered(user),
    callFigures: (day = new Date().toISOString().slice(0, 10)) => sipServer.callFigures(day),
    udpAgent,
    async testCall({ to = 'helpline', number = '+4500000000', ringMs = 2000 } = {}) {
      const gateway = callers[0];
      if (!gateway) throw new Error('the SIP stack has no caller account');
      const agent = await udpAgent(gateway);
      try {
        const call = agent.call(to, number);
        const outcome = await Promise.race([call.final, new Promise<'ringing'>((resolve) => setTimeout(() => resolve('ringing'), ringMs))]);
        if (outcome === 'ringing') {
          await call.cancel();
          await call.final;
        } else if (outcome < 300) {
          await call.hangup();
        }
        return outcome;
      } finally {
        await agent.close();
      }
    },
    rpc,
    endpoints: () => endpoints,
    stop: () => (stopping ??= stopAll()),
  };
}
