/**
 * The ring tone, synthesised: no audio file ships with the app. Two short warbling bursts
 * ("ring-ring") then a pause, the way a desk phone rings, repeated to fill six seconds.
 *
 * It is rendered to a WAV file in memory and played by an <audio> element (a blob: URL, which
 * the CSP's media-src allows) rather than straight from an AudioContext, because only a media
 * element can be sent to the chosen speaker (setSinkId) and makes Chromium's Media Session
 * route headset buttons to the page while it rings. The six seconds matter for the latter:
 * Chromium ignores media shorter than five seconds for media keys.
 */
export const RING_SAMPLE_RATE = 16_000;
const CYCLE_SECONDS = 3;
const CYCLES = 2;
/** [start, end) of each burst within a cycle, in seconds. */
const BURSTS: ReadonlyArray<readonly [number, number]> = [
  [0, 0.4],
  [0.6, 1.0],
];
const TONES_HZ = [660, 880] as const;
/** The two tones alternate this often, which makes the classic ringer warble. */
const WARBLE_HZ = 20;
const AMPLITUDE = 0.3;
/** Short fades at each burst edge avoid audible clicks. */
const FADE_SECONDS = 0.01;

export function ringToneSamples(sampleRate = RING_SAMPLE_RATE): Float32Array {
  const cycleLength = Math.round(CYCLE_SECONDS * sampleRate);
  const samples = new Float32Array(cycleLength * CYCLES);
  for (let i = 0; i < cycleLength; i++) {
    const t = i / sampleRate;
    const burst = BURSTS.find(([start, end]) => t >= start && t < end);
    if (!burst) continue;
    const fade = Math.min(1, (t - burst[0]) / FADE_SECONDS, (burst[1] - t) / FADE_SECONDS);
    const tone = TONES_HZ[Math.floor(t * WARBLE_HZ * 2) % 2] ?? TONES_HZ[0];
    const value = AMPLITUDE * fade * Math.sin(2 * Math.PI * tone * t);
    for (let cycle = 0; cycle < CYCLES; cycle++) samples[cycle * cycleLength + i] = value;
  }
  return samples;
}

/** 16-bit mono PCM in a RIFF/WAVE container. */
export function encodeWav(samples: Float32Array, sampleRate: number): ArrayBuffer {
  const bytesPerSample = 2;
  const dataLength = samples.length * bytesPerSample;
  const buffer = new ArrayBuffer(44 + dataLength);
  const view = new DataView(buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataLength, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * bytesPerSample, true); // byte rate
  view.setUint16(32, bytesPerSample, true); // block align
  view.setUint16(34, 8 * bytesPerSample, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataLength, true);
  samples.forEach((sample, i) => {
    const clamped = Math.max(-1, Math.min(1, sample));
    view.setInt16(44 + i * bytesPerSample, Math.round(clamped * 0x7fff), true);
  });
  return buffer;
}
