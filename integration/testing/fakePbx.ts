import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { softphoneSettingsSchema, type SoftphoneSettings } from '../../electron/sip/softphoneSettings';
import { AOR, MEDIA_SERVER, PROVIDER_HEADERS, serverInvite } from '../../electron/sip/testing/sipFixtures';

export interface FakePbx {
  /** Softphone settings (softphone.json) for a workstation that uses this PBX, trusting its provider headers. */
  settings: SoftphoneSettings;
  /** The workstations' relays, in the order they connected. */
  peers: WebSocket[];
  /** Rings workstation `peer` with a caller the provider knows by `pseudonym`. */
  ring(peer: number, pseudonym: string): void;
  close(): Promise<void>;
}

/**
 * A provider's SIP server as far as returning contacts need one: a loopback WebSocket (subprotocol
 * sip) that sends INVITEs carrying the provider's pseudonym and call-reference headers.
 */
export async function startFakePbx(): Promise<FakePbx> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  const peers: WebSocket[] = [];
  server.on('connection', (socket) => peers.push(socket));
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    settings: softphoneSettingsSchema.parse({
      wsUrl: `ws://127.0.0.1:${port}`,
      aor: { ...AOR },
      authUsername: 'counsellor-1',
      password: 'not-used-here',
      mediaServers: [MEDIA_SERVER],
      providerHeaders: { ...PROVIDER_HEADERS },
    }),
    peers,
    ring(peer, pseudonym) {
      const socket = peers[peer];
      if (!socket) throw new Error(`no workstation ${peer} connected`);
      socket.send(serverInvite({ extra: [`${PROVIDER_HEADERS.pseudonym}: ${pseudonym}`, `${PROVIDER_HEADERS.callReference}: ref-${randomBytes(4).toString('hex')}`] }));
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of peers) socket.terminate();
        server.close(() => resolve());
      }),
  };
}
