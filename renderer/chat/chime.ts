/**
 * Short tones synthesised with the Web Audio API: no audio file ships with the app, nothing is
 * fetched. A chat offer gets a soft rising two-note chime (it must be noticed, not startle); an
 * emergency on the supervisor board three insistent high notes.
 */
export type ChimeKind = 'chat-offer' | 'alert';

export interface ChimeNote {
  frequency: number;
  /** Seconds after the chime starts. */
  start: number;
  duration: number;
}

const PEAK_GAIN = 0.25;
/** Rise and fall at each note's edges: a note switched on or off at full level clicks. */
const EDGE_SECONDS = 0.015;

export function chimeNotes(kind: ChimeKind): readonly ChimeNote[] {
  switch (kind) {
    case 'chat-offer':
      return [
        { frequency: 784, start: 0, duration: 0.16 },
        { frequency: 1047, start: 0.18, duration: 0.26 },
      ];
    case 'alert':
      return [0, 0.22, 0.44].map((start) => ({ frequency: 1319, start, duration: 0.16 }));
  }
}

/** The chime's length in seconds. */
export function chimeLength(kind: ChimeKind): number {
  return Math.max(...chimeNotes(kind).map((note) => note.start + note.duration));
}

let context: AudioContext | null = null;

/**
 * Plays a chime on the default output. Best effort: without Web Audio (tests), or before the
 * page has been touched (autoplay rules), it stays silent and the visible alert still shows.
 */
export function playChime(kind: ChimeKind): void {
  if (typeof AudioContext === 'undefined') return;
  try {
    context ??= new AudioContext();
    const audio = context;
    if (audio.state === 'suspended') audio.resume().catch(() => undefined);
    const begin = audio.currentTime + 0.02;
    for (const note of chimeNotes(kind)) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = note.frequency;
      const start = begin + note.start;
      const end = start + note.duration;
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(PEAK_GAIN, start + EDGE_SECONDS);
      gain.gain.setValueAtTime(PEAK_GAIN, end - EDGE_SECONDS);
      gain.gain.linearRampToValueAtTime(0, end);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start);
      oscillator.stop(end);
      oscillator.onended = () => gain.disconnect();
    }
  } catch {
    // No audio device, or the platform refused: the alert on screen is what counts.
  }
}
