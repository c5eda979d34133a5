// Browser-side helpers shared by the caller and counsellor test pages.
import { SessionState, Web, type Session } from 'sip.js';
import type { CallState, MediaStats } from '../pageApi.js';

/** The peer connection behind a sip.js session, once it has one. */
export function peerConnection(session: Session | undefined): RTCPeerConnection | undefined {
  const sdh = session?.sessionDescriptionHandler;
  return sdh instanceof Web.SessionDescriptionHandler ? sdh.peerConnection : undefined;
}

/**
 * Packets actually sent/received (never trust "Established": a loopback-only
 * host can set a call up with no audio flowing) and the remote media address.
 */
export async function mediaStats(session: Session | undefined): Promise<MediaStats> {
  const stats: MediaStats = { packetsSent: 0, packetsReceived: 0, bytesReceived: 0 };
  const pc = peerConnection(session);
  if (!pc || pc.connectionState === 'closed') return stats;
  const report = await pc.getStats();
  let selectedPair: string | undefined;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      stats.packetsReceived += Number(s.packetsReceived ?? 0);
      stats.bytesReceived += Number(s.bytesReceived ?? 0);
    }
    if (s.type === 'outbound-rtp' && s.kind === 'audio') stats.packetsSent += Number(s.packetsSent ?? 0);
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') selectedPair = s.selectedCandidatePairId;
  });
  const pair = selectedPair ? (report.get(selectedPair) as Record<string, unknown> | undefined) : undefined;
  const endpoint = (id: unknown): string | undefined => {
    const c = pair ? (report.get(String(id)) as Record<string, unknown> | undefined) : undefined;
    return c ? `${String(c.address ?? c.ip)}:${String(c.port)}` : undefined;
  };
  stats.localAddress = endpoint(pair?.localCandidateId);
  stats.remoteAddress = endpoint(pair?.remoteCandidateId);
  return stats;
}

/** Play the remote party (for people using the pages in the demo). */
export function playRemoteAudio(session: Session, element: HTMLAudioElement): void {
  const sdh = session.sessionDescriptionHandler;
  if (!(sdh instanceof Web.SessionDescriptionHandler)) return;
  element.srcObject = sdh.remoteMediaStream;
  element.play().catch(() => undefined); // autoplay may need a click; stats do not
}

export function callState(session: Session | undefined): CallState {
  return session ? session.state : 'idle';
}

/** Resolves when the session reaches `state` (or rejects after timeoutMs). */
export function waitForState(session: Session, state: SessionState, timeoutMs = 15_000): Promise<void> {
  if (session.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      session.stateChange.removeListener(listener);
      reject(new Error(`session still ${session.state}, not ${state}, after ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (s: SessionState): void => {
      if (s !== state) return;
      clearTimeout(timer);
      session.stateChange.removeListener(listener);
      resolve();
    };
    session.stateChange.addListener(listener);
  });
}

/** End a session whatever its state; resolves when terminated. */
export async function endSession(session: Session | undefined): Promise<void> {
  if (!session || session.state === SessionState.Terminated) return;
  const terminated = waitForState(session, SessionState.Terminated);
  if (session.state === SessionState.Established) await session.bye();
  else if ('cancel' in session && typeof session.cancel === 'function') await (session.cancel as () => Promise<void>)();
  else if ('reject' in session && typeof session.reject === 'function') await (session.reject as () => Promise<void>)();
  await terminated;
}

export const sdhOptions = {
  // Loopback only: no STUN/TURN; don't wait long for gathering.
  peerConnectionConfiguration: { iceServers: [] },
  iceGatheringTimeout: 1000,
};
