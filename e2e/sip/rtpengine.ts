// rtpengine, the media anchor of the anonymising profile (userspace only: no
// kernel module, no iptables). Kamailio drives it over the ng protocol.
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { findProgram, startProcess, waitUntilReady, type ManagedProcess } from './processes.js';

export interface RtpengineInfo {
  /** ng control socket, e.g. "127.0.0.1:40123" (UDP). */
  ngAddress: string;
  pid: number;
  logFile: string;
}

/** ng-protocol `ping` (bencoded); true on `pong`. */
export function pingRtpengine(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const cookie = randomBytes(6).toString('hex');
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('message', (msg) => done(msg.toString().startsWith(`${cookie} `) && msg.includes('pong')));
    socket.on('error', () => done(false));
    socket.send(`${cookie} d7:command4:pinge`, port, '127.0.0.1');
  });
}

export async function startRtpengine(workDir: string, ngPort: number): Promise<ManagedProcess> {
  const proc = startProcess(
    'rtpengine',
    findProgram('rtpengine', 'rtpengine-daemon'),
    [
      '--config-file=none', // ignore /etc/rtpengine/rtpengine.conf
      '--foreground',
      '--log-stderr',
      '--table=-1', // no kernel forwarding: plain userspace
      '--interface=127.0.0.1',
      `--listen-ng=127.0.0.1:${ngPort}`,
      // WebRTC browsers offer actpass; with rtpengine passive the browser
      // drives DTLS. Without it calls set up but carry no audio.
      '--dtls-passive',
      '--num-threads=2',
      '--delete-delay=0',
      '--log-level=6',
    ],
    join(workDir, 'rtpengine.log'),
  );
  await waitUntilReady(proc, () => pingRtpengine(ngPort));
  return proc;
}
