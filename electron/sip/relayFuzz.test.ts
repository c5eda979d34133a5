import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '../services/logger';
import { SipRelay } from './sipRelay';
import { parseSipMessage, type RefusalReason } from './sipMessage';
import { CALLER_IPS, canary, findLeaks, makeFirewall, mediaSdp, rendererRegister, serverInvite, serverResponse } from './testing/sipFixtures';
import { createMutator } from './testing/sipMutator';

/**
 * The relay itself under fuzz, over a real loopback WebSocket: a SIP server peer sends thousands
 * of mutated messages carrying planted identifiers. The relay must stay up, deliver nothing
 * planted, and log every refusal (with its reason and nothing else).
 */
const MUTANTS = 3000;
const { mutate } = createMutator(0x51b);

let server: WebSocketServer;
let peer: WebSocket | undefined;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-relay-fuzz-'));
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  server.on('connection', (socket) => (peer = socket));
  await new Promise((resolve) => server.once('listening', resolve));
});

afterAll(() => {
  server.close();
});

it(`stays up, leaks nothing and logs every refusal across ${MUTANTS} mutated messages`, async () => {
  const logFile = path.join(dir, 'tavs.log');
  const delivered: string[] = [];
  const firewall = makeFirewall();
  const relay = new SipRelay({ wsUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, authUsername: 'u', password: 'p' }, firewall, createLogger({ file: logFile }), {
    message: (text) => delivered.push(text),
    transport: () => undefined,
    incomingCall: () => undefined,
    callRefused: () => undefined,
  });
  await relay.connect();
  await expect.poll(() => peer).toBeDefined();
  const fromRelay: string[] = [];
  peer?.on('message', (data: Buffer) => fromRelay.push(data.toString()));

  expect(relay.send(rendererRegister(1))).toBeNull();
  await expect.poll(() => fromRelay.length).toBe(1);
  const planted: string[] = [];
  const plant = (): string => {
    const value = canary();
    planted.push(value);
    return value;
  };
  const seeds = [
    serverInvite({
      from: `"Hans ${plant()}" <sip:+4512345678@${CALLER_IPS[0]}>;tag=${plant()}`,
      callId: `${plant()}@${CALLER_IPS[0]}`,
      extra: [`P-Asserted-Identity: <tel:+4512345678>`, `X-${plant()}: ${plant()}`, `Subject: 12 34 56 78`],
      sdp: mediaSdp({ extra: [`a=ssrc:1 cname:${plant()}`] }).replace('s=-', `s=${plant()}`),
    }),
    serverResponse(fromRelay[0] ?? '', 200, { toTag: plant(), extra: [`Server: ${plant()}`] }),
  ];

  for (let index = 0; index < MUTANTS; index++) peer?.send(mutate(seeds[index % seeds.length] ?? '').text);
  // Frames arrive in order: once a final clean INVITE is delivered, every mutant was handled.
  const marker = serverInvite();
  peer?.send(marker);
  await expect.poll(() => delivered.some((text) => text.startsWith('INVITE ') && text.includes('Max-Forwards: 70')), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => delivered.length + [...relay.refusalCounts().values()].reduce((a, b) => a + b, 0), { timeout: 30_000 }).toBeGreaterThanOrEqual(MUTANTS);

  expect(relay.connected).toBe(true);
  for (const text of delivered) {
    expect(() => parseSipMessage(text)).not.toThrow();
    expect(findLeaks(text, planted).filter((leak) => leak.startsWith('value'))).toEqual([]);
  }
  const log = fs.readFileSync(logFile, 'utf8');
  const refusedLines = log.split('\n').filter((line) => line.includes('"message refused"'));
  const refusals = [...relay.refusalCounts().entries()].filter(([key]) => key.startsWith('inbound:'));
  const refusedTotal = refusals.reduce((sum, [, count]) => sum + count, 0);
  expect(refusedTotal).toBeGreaterThan(MUTANTS / 4);
  expect(refusedLines).toHaveLength(refusedTotal);
  for (const line of refusedLines) {
    const entry = JSON.parse(line) as { reason: RefusalReason; direction: string };
    expect(Object.keys(entry).sort()).toEqual(['direction', 'level', 'message', 'reason', 'scope', 't']);
  }
  for (const value of [...planted, '4512345678', '12 34 56 78', CALLER_IPS[0]]) expect(log).not.toContain(value);
  console.log(`relay fuzz: ${MUTANTS} mutants, ${delivered.length} delivered, ${refusedTotal} refused and logged: ${JSON.stringify(Object.fromEntries(refusals))}`);
  relay.disconnect('requested');
}, 120_000);
