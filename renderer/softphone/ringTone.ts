import { encodeWav, RING_SAMPLE_RATE, ringToneSamples } from './ringToneWave';

/**
 * Plays the ring tone while a call is ringing, on the chosen speaker. The WAV is built once,
 * on first use, and kept as a blob: URL for the life of the page.
 */
export class RingTone {
  private element: HTMLAudioElement | undefined;

  start(sinkId: string | null): void {
    const element = this.audio();
    if (!element.paused) return;
    element.currentTime = 0;
    void applySink(element, sinkId);
    // Autoplay may be refused before the counsellor has touched the page; the alert still shows.
    element.play().catch(() => undefined);
  }

  stop(): void {
    this.element?.pause();
  }

  setSink(sinkId: string | null): void {
    if (this.element) void applySink(this.element, sinkId);
  }

  dispose(): void {
    this.stop();
    if (this.element) URL.revokeObjectURL(this.element.src);
    this.element = undefined;
  }

  private audio(): HTMLAudioElement {
    if (!this.element) {
      const wav = encodeWav(ringToneSamples(), RING_SAMPLE_RATE);
      this.element = new Audio(URL.createObjectURL(new Blob([wav], { type: 'audio/wav' })));
      this.element.loop = true;
    }
    return this.element;
  }
}

/** setSinkId where the platform has it; '' is the system default. */
export async function applySink(element: HTMLMediaElement, sinkId: string | null): Promise<boolean> {
  if (typeof element.setSinkId !== 'function') return false;
  try {
    await element.setSinkId(sinkId ?? '');
    return true;
  } catch {
    return false;
  }
}
