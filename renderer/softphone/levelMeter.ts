/**
 * A microphone level meter: an AnalyserNode on the stream, read as RMS and shown on a decibel
 * scale, because a linear scale leaves normal speech as a barely moving sliver.
 */
const FLOOR_DB = -60;

/** 0 for silence (at or below -60 dBFS), 1 for full scale. */
export function levelFromSamples(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i] ?? 0;
    sum += sample * sample;
  }
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}

/** Per reading, how much of the last shown level remains (about 100 ms apart). */
const FALL_OFF = 0.7;

/**
 * Rises at once, falls off gradually, like a desk phone's meter: speech between syllables (or a
 * beep between beeps) does not make the bar flicker to zero.
 */
export function smoothLevel(shown: number, measured: number): number {
  const fallen = shown * FALL_OFF;
  return measured >= fallen ? measured : fallen < 0.01 ? 0 : fallen;
}

export class LevelMeter {
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly buffer: Float32Array<ArrayBuffer>;
  private shown = 0;

  constructor(readonly stream: MediaStream) {
    this.context = new AudioContext();
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 1024;
    this.buffer = new Float32Array(this.analyser.fftSize);
    this.source = this.context.createMediaStreamSource(stream);
    // Analyser only: not connected to the destination, so the counsellor never hears themself.
    this.source.connect(this.analyser);
    this.context.resume().catch(() => undefined);
  }

  level(): number {
    this.analyser.getFloatTimeDomainData(this.buffer);
    this.shown = smoothLevel(this.shown, levelFromSamples(this.buffer));
    return this.shown;
  }

  close(): void {
    this.source.disconnect();
    this.context.close().catch(() => undefined);
  }
}
