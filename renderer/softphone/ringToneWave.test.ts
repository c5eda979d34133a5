import { expect, test } from 'vitest';
import { encodeWav, RING_SAMPLE_RATE, ringToneSamples } from './ringToneWave';

test('the ring tone lasts six seconds: rings, then is silent', () => {
  const samples = ringToneSamples();
  expect(samples.length).toBe(6 * RING_SAMPLE_RATE);
  const at = (seconds: number): number => Math.abs(samples[Math.round(seconds * RING_SAMPLE_RATE)] ?? 0);
  const peak = (from: number, to: number): number =>
    Math.max(...samples.subarray(Math.round(from * RING_SAMPLE_RATE), Math.round(to * RING_SAMPLE_RATE)).map(Math.abs));
  expect(peak(0.05, 0.35)).toBeGreaterThan(0.25);
  expect(peak(3.05, 3.35)).toBeGreaterThan(0.25);
  expect(peak(1.05, 2.95)).toBe(0);
  // Faded in: no click at the very first sample.
  expect(at(0)).toBe(0);
  expect(peak(0, 6)).toBeLessThanOrEqual(0.3 + 1e-6);
});

test('encodes valid 16-bit mono PCM WAV', () => {
  const wav = new DataView(encodeWav(new Float32Array([0, 1, -1, 2]), 8_000));
  const text = (offset: number, length: number): string =>
    String.fromCharCode(...Array.from({ length }, (_, i) => wav.getUint8(offset + i)));
  expect(text(0, 4)).toBe('RIFF');
  expect(text(8, 4)).toBe('WAVE');
  expect(text(36, 4)).toBe('data');
  expect(wav.byteLength).toBe(44 + 8);
  expect(wav.getUint32(4, true)).toBe(36 + 8);
  expect(wav.getUint16(22, true)).toBe(1);
  expect(wav.getUint32(24, true)).toBe(8_000);
  expect([0, 1, 2, 3].map((i) => wav.getInt16(44 + 2 * i, true))).toEqual([0, 32_767, -32_767, 32_767]);
});
