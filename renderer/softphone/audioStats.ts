import type { AudioFlow } from './softphoneState';

/**
 * Sums the audio RTP counters of a peer connection's stats report. "Established" is not proof
 * of audio (a call can be set up with no packets flowing); packets are. Plain objects in, so the
 * summary is testable without a browser.
 */
export function summariseAudioStats(entries: Iterable<Record<string, unknown>>): AudioFlow {
  const flow: AudioFlow = { packetsReceived: 0, packetsSent: 0 };
  for (const entry of entries) {
    if (entry.kind !== 'audio' && entry.mediaType !== 'audio') continue;
    if (entry.type === 'inbound-rtp') flow.packetsReceived += count(entry.packetsReceived);
    if (entry.type === 'outbound-rtp') flow.packetsSent += count(entry.packetsSent);
  }
  return flow;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** RTCStatsReport is map-like; its values are the entries. */
export async function audioFlowOf(peerConnection: RTCPeerConnection): Promise<AudioFlow> {
  const report = await peerConnection.getStats();
  const entries: Array<Record<string, unknown>> = [];
  report.forEach((entry: Record<string, unknown>) => entries.push(entry));
  return summariseAudioStats(entries);
}
