// Kamailio's JSON-RPC (jsonrpcs module over xhttp), e.g. ul.dump / ul.rm.
// The same interface a production hub would use against the provider's Kamailio.

export class JsonRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: ${code} ${message}`);
  }
}

let nextId = 1;

export async function kamailioRpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method, params, id: nextId++ }),
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  let reply: { result?: T; error?: { code: number; message: string } };
  try {
    reply = JSON.parse(text) as typeof reply;
  } catch {
    throw new JsonRpcError(method, response.status, text.slice(0, 200));
  }
  if (reply.error) throw new JsonRpcError(method, reply.error.code, reply.error.message);
  return reply.result as T;
}

/** The shape of `ul.dump` (usrloc) that we rely on. */
export interface UlDump {
  Domains: Array<{
    Domain: {
      Domain: string;
      AoRs: Array<{ Info: { AoR: string; Contacts: Array<{ Contact: { Address: string; Expires: number } }> } }>;
    };
  }>;
}

/** AORs currently registered in the `location` table. */
export function registeredAors(dump: UlDump): string[] {
  return dump.Domains.filter((d) => d.Domain.Domain === 'location').flatMap((d) =>
    (d.Domain.AoRs ?? []).map((a) => a.Info.AoR),
  );
}
