import http from 'node:http';
import https from 'node:https';

/**
 * Kamailio's JSON-RPC (module jsonrpcs over xhttp) as the hub calls it: one HTTP POST per command,
 * a timeout, an optional bearer token (deploy/kamailio checks one), and errors that name the
 * command and Kamailio's code but never the parameters (an HA1 is a password equivalent).
 *
 * One connection per request (no keep-alive agent): the config closes every HTTP connection after
 * its reply (set_reply_close), and a pooled client would now and then send the next request down
 * a connection Kamailio is closing ("other side closed").
 */
export class KamailioRpcError extends Error {
  constructor(
    readonly method: string,
    /** Kamailio's error code (e.g. 404, 500); null when no JSON-RPC answer came at all. */
    readonly code: number | null,
    /** Kamailio's own error text (a fixed string of the RPC command), or what went wrong on the way. */
    readonly detail: string,
  ) {
    super(`Kamailio JSON-RPC ${method}: ${code ?? 'no answer'} ${detail}`);
  }
}

export interface KamailioRpcOptions {
  /** e.g. http://127.0.0.1:5071/RPC */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string;
  /** Per request. Default 3 s: the hub's callers (logout, the sweep) must not hang on a dead server. */
  timeoutMs?: number;
}

export type KamailioRpc = <T = unknown>(method: string, params?: Array<string | number>) => Promise<T>;

let nextId = 1;

export function kamailioRpcClient(options: KamailioRpcOptions): KamailioRpc {
  const timeoutMs = options.timeoutMs ?? 3000;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  const url = new URL(options.url);
  const transport = url.protocol === 'https:' ? https : http;

  return async <T>(method: string, params: Array<string | number> = []): Promise<T> => {
    const body = JSON.stringify({ jsonrpc: '2.0', method, params, id: nextId++ });
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = transport.request(
        url,
        { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, signal: AbortSignal.timeout(timeoutMs) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    }).catch((err: unknown) => {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new KamailioRpcError(method, null, timedOut ? `timed out after ${timeoutMs} ms` : `unreachable (${err instanceof Error ? err.message : String(err)})`);
    });
    let reply: { result?: T; error?: { code?: number; message?: string } };
    try {
      reply = JSON.parse(text) as typeof reply;
    } catch {
      // e.g. 403 from the config's xhttp route (wrong token, not loopback): no JSON-RPC there.
      throw new KamailioRpcError(method, null, `HTTP ${status} without a JSON-RPC answer`);
    }
    if (reply.error) throw new KamailioRpcError(method, reply.error.code ?? null, (reply.error.message ?? '').slice(0, 200));
    return reply.result as T;
  };
}
