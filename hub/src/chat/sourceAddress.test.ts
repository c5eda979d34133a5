import { describe, expect, it } from 'vitest';
import { createSourceResolver } from './sourceAddress';

/** An escrow that records what it was asked to seal: the only place the address may go. */
function recordingEscrow(enabled = true) {
  const sealed: string[] = [];
  return { sealed, escrow: { enabled, seal: (_conversationId: string, address: string) => (sealed.push(address), Promise.resolve('row')) } };
}

/** The address the resolver settled on, as the escrow would get it. */
async function addressOf(resolve: ReturnType<typeof createSourceResolver>, sealed: string[], socket: string | undefined, forwarded?: string | string[]): Promise<string> {
  const source = resolve(socket, forwarded);
  await source.seal?.('00000000-0000-4000-8000-000000000001', new Date());
  return sealed.at(-1) ?? 'none';
}

describe('the visitor source', () => {
  it('is a keyed hash of the socket address, stable within the process, different in another', () => {
    const { escrow } = recordingEscrow();
    const resolve = createSourceResolver(escrow, () => []);
    const one = resolve('203.0.113.5', undefined);
    expect(one.hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(one.hash).not.toContain('203');
    expect(resolve('203.0.113.5', undefined).hash).toBe(one.hash);
    expect(resolve('::ffff:203.0.113.5', undefined).hash).toBe(one.hash);
    expect(resolve('203.0.113.6', undefined).hash).not.toBe(one.hash);
    expect(createSourceResolver(escrow, () => [])('203.0.113.5', undefined).hash).not.toBe(one.hash);
  });

  it('believes X-Forwarded-For only from a trusted proxy, and then its right-most hop that is not a proxy', async () => {
    const { escrow, sealed } = recordingEscrow();
    const resolve = createSourceResolver(escrow, () => ['127.0.0.1', '10.0.0.2']);
    expect(await addressOf(resolve, sealed, '192.0.2.9', '198.51.100.1')).toBe('192.0.2.9');
    expect(await addressOf(resolve, sealed, '127.0.0.1', '198.51.100.1')).toBe('198.51.100.1');
    expect(await addressOf(resolve, sealed, '::ffff:127.0.0.1', '6.6.6.6, 198.51.100.2')).toBe('198.51.100.2');
    expect(await addressOf(resolve, sealed, '127.0.0.1', '6.6.6.6, 198.51.100.3, 10.0.0.2')).toBe('198.51.100.3');
    expect(await addressOf(resolve, sealed, '127.0.0.1', ['6.6.6.6', '198.51.100.4:5678'])).toBe('198.51.100.4');
    expect(await addressOf(resolve, sealed, '127.0.0.1', '[2001:db8::7]:443')).toBe('2001:0db8:0000:0000:0000:0000:0000:0007');
    // Something the proxy did not write: the proxy's own address counts.
    expect(await addressOf(resolve, sealed, '127.0.0.1', '198.51.100.5, not-an-address')).toBe('127.0.0.1');
    expect(await addressOf(resolve, sealed, '127.0.0.1', '10.0.0.2')).toBe('127.0.0.1');
    expect(await addressOf(resolve, sealed, '127.0.0.1', undefined)).toBe('127.0.0.1');
  });

  it('counts IPv6 by its /64 but seals the whole address', async () => {
    const { escrow, sealed } = recordingEscrow();
    const resolve = createSourceResolver(escrow, () => []);
    expect(resolve('2001:db8:1:2::a', undefined).hash).toBe(resolve('2001:db8:1:2:ffff::b', undefined).hash);
    expect(resolve('2001:db8:1:2::a', undefined).hash).not.toBe(resolve('2001:db8:1:3::a', undefined).hash);
    expect(await addressOf(resolve, sealed, '2001:db8:1:2::a')).toBe('2001:0db8:0001:0002:0000:0000:0000:000a');
  });

  it('has no seal without escrow, nor without an address', () => {
    const resolve = createSourceResolver(recordingEscrow(false).escrow, () => []);
    expect(resolve('203.0.113.5', undefined).seal).toBeNull();
    const withEscrow = createSourceResolver(recordingEscrow().escrow, () => []);
    expect(withEscrow(undefined, undefined).seal).toBeNull();
    expect(withEscrow(undefined, undefined).hash).toBe(withEscrow('garbage', undefined).hash);
  });
});
