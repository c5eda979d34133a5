import { KamailioRpcError, kamailioRpcClient, type KamailioRpc } from './kamailioRpc';
import { SipServerError, type SipServer } from './sipServer';

/**
 * The SipServer on Kamailio's JSON-RPC, against the project's config (deploy/kamailio/kamailio.cfg,
 * and the test stack's e2e/sip/kamailio/kamailio.cfg.tmpl):
 *
 *   allow         htable.sets shiftcreds <user> <HA1>   REGISTER checks it with pv_auth_check
 *   revoke        htable.delete shiftcreds <user>
 *   unregister    ul.rm location <user>
 *   isRegistered  ul.lookup location <user>
 *   callFigures   htable.stats (items in callq = helpline calls ringing now),
 *                 htable.get calltally answered:<day> / missed:<day>
 *
 * The waiting count comes from htable.stats, not htable.dump: the queue's keys are the callers'
 * Call-IDs, which often carry their IP address, and the hub must never receive one (I1).
 */
export interface KamailioSipServerOptions {
  /** JSON-RPC endpoint, e.g. http://127.0.0.1:5071/RPC */
  rpcUrl: string;
  /** The SIP domain, which the config uses as the digest realm. */
  realm: string;
  /** Bearer token, if the config checks one (deploy/kamailio: RPC_TOKEN). */
  token?: string;
  timeoutMs?: number;
}

/** Shift user names are `s` + 16 hex; static accounts such as counsellor1 pass too. Plain keys only. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const HA1 = /^[0-9a-f]{32}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class KamailioSipServer implements SipServer {
  readonly realm: string;
  private readonly rpc: KamailioRpc;

  constructor(options: KamailioSipServerOptions) {
    this.realm = options.realm;
    this.rpc = kamailioRpcClient({
      url: options.rpcUrl,
      ...(options.token ? { token: options.token } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  }

  async allow(username: string, ha1: string): Promise<void> {
    checkUsername(username);
    if (!HA1.test(ha1)) throw new SipServerError('allow: the HA1 must be 32 lowercase hex digits (MD5)');
    await this.call('htable.sets', ['shiftcreds', username, ha1]);
  }

  async revoke(username: string): Promise<void> {
    checkUsername(username);
    // 404 "Key not found": already revoked.
    await this.call('htable.delete', ['shiftcreds', username], (err) => err.code === 404);
  }

  async unregister(username: string): Promise<void> {
    checkUsername(username);
    // 404: nothing registered, which is what we wanted.
    await this.call('ul.rm', ['location', username], (err) => err.code === 404);
  }

  async isRegistered(username: string): Promise<boolean> {
    checkUsername(username);
    // Kamailio 5.6 answers an unknown AOR with 500 "AOR not found in location table".
    const record = await this.call<{ Contacts?: unknown[] } | undefined>('ul.lookup', ['location', username], notFound);
    return (record?.Contacts?.length ?? 0) > 0;
  }

  async callFigures(day: string): Promise<{ waiting: number; answered: number; missed: number }> {
    if (!DAY.test(day)) throw new SipServerError('callFigures: the day must be YYYY-MM-DD (UTC)');
    const [stats, answered, missed] = await Promise.all([
      this.call<Array<{ name: string; all: number }>>('htable.stats'),
      this.tally(`answered:${day}`),
      this.tally(`missed:${day}`),
    ]);
    const queue = stats.find((table) => table.name === 'callq');
    if (!queue) throw new SipServerError('callFigures: the Kamailio config has no callq table (is it the Tavs config?)');
    return { waiting: queue.all, answered, missed };
  }

  /** A day's count; a key that does not exist (no call of that kind that day) is 0. */
  private async tally(key: string): Promise<number> {
    const reply = await this.call<{ item?: { value?: unknown } } | undefined>('htable.get', ['calltally', key], notFound);
    const value = Number(reply?.item?.value ?? 0);
    return Number.isFinite(value) ? value : 0;
  }

  /** One RPC; `tolerated` errors resolve to undefined, every other one becomes a SipServerError. */
  private async call<T>(method: string, params: string[] = [], tolerated?: (err: KamailioRpcError) => boolean): Promise<T> {
    try {
      return await this.rpc<T>(method, params);
    } catch (err) {
      if (err instanceof KamailioRpcError) {
        if (tolerated?.(err)) return undefined as T;
        throw new SipServerError(err.message);
      }
      throw new SipServerError(`Kamailio JSON-RPC ${method} failed`);
    }
  }
}

function checkUsername(username: string): void {
  if (!USERNAME.test(username)) throw new SipServerError('the SIP user name has characters a SIP server key cannot hold');
}

function notFound(err: KamailioRpcError): boolean {
  return err.code === 404 || /not found|doesn't exist/i.test(err.detail);
}
