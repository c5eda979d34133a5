import { expect, test } from 'vitest';
import { summariseAudioStats } from './audioStats';

test('sums audio RTP packets in both directions and ignores everything else', () => {
  expect(
    summariseAudioStats([
      { type: 'inbound-rtp', kind: 'audio', packetsReceived: 120 },
      { type: 'outbound-rtp', kind: 'audio', packetsSent: 118 },
      { type: 'inbound-rtp', kind: 'video', packetsReceived: 9_999 },
      { type: 'remote-inbound-rtp', kind: 'audio', packetsReceived: 5 },
      { type: 'candidate-pair', packetsReceived: 7_777 },
      { type: 'outbound-rtp', mediaType: 'audio', packetsSent: 2 },
      { type: 'inbound-rtp', kind: 'audio', packetsReceived: Number.NaN },
      { type: 'inbound-rtp', kind: 'audio' },
    ]),
  ).toEqual({ packetsReceived: 120, packetsSent: 120 });
});

test('no stats, no packets', () => {
  expect(summariseAudioStats([])).toEqual({ packetsReceived: 0, packetsSent: 0 });
});
