import { createHash, randomBytes } from 'node:crypto';

/**
 * HTTP digest authentication as SIP uses it (RFC 3261 §22, RFC 8760 for SHA-256), answered in
 * the main process so the SIP password never reaches the renderer.
 */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: 'MD5' | 'SHA-256';
  qop?: 'auth';
}

export function parseChallenge(header: string): DigestChallenge | null {
  const match = /^\s*Digest\s+(.*)$/i.exec(header);
  if (!match?.[1]) return null;
  const params = new Map<string, string>();
  for (const part of match[1].matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params.set((part[1] ?? '').toLowerCase(), part[2] ?? part[3] ?? '');
  }
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (realm === undefined || !nonce || (algorithm !== 'MD5' && algorithm !== 'SHA-256')) return null;
  const qops = (params.get('qop') ?? '').split(',').map((qop) => qop.trim());
  const challenge: DigestChallenge = { realm, nonce, algorithm };
  const opaque = params.get('opaque');
  if (opaque !== undefined) challenge.opaque = opaque;
  if (qops.includes('auth')) challenge.qop = 'auth';
  return challenge;
}

export interface DigestInput {
  method: string;
  uri: string;
  username: string;
  password: string;
  challenge: DigestChallenge;
  /** Nonce count; 1 for the first answer to a nonce. */
  nc?: number;
  cnonce?: string;
}

export function digestAuthorization(input: DigestInput): string {
  const { challenge } = input;
  const hash = (text: string): string => createHash(challenge.algorithm === 'MD5' ? 'md5' : 'sha256').update(text).digest('hex');
  const ha1 = hash(`${input.username}:${challenge.realm}:${input.password}`);
  const ha2 = hash(`${input.method}:${input.uri}`);
  const nc = (input.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = input.cnonce ?? randomBytes(8).toString('hex');
  const response = challenge.qop
    ? hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`)
    : hash(`${ha1}:${challenge.nonce}:${ha2}`);
  const parts = [
    `username="${input.username}"`,
    `realm="${challenge.realm}"`,
    `nonce="${challenge.nonce}"`,
    `uri="${input.uri}"`,
    `response="${response}"`,
    `algorithm=${challenge.algorithm}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque="${challenge.opaque}"`);
  if (challenge.qop) parts.push(`qop=auth`, `nc=${nc}`, `cnonce="${cnonce}"`);
  return `Digest ${parts.join(', ')}`;
}
