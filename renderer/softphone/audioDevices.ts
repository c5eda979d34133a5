import { LevelMeter } from './levelMeter';
import { microphoneProblemOf } from './microphoneErrors';
import type { AudioDevice, MicrophoneProblem, SoftphoneEvent, SoftphoneState } from './softphoneState';

const METER_INTERVAL_MS = 100;
/** Smaller changes are not worth a store update (and a re-render) ten times a second. */
const METER_STEP = 0.02;
/** Chromium's virtual entries that duplicate a real device; "system default" is our own null. */
const VIRTUAL_DEVICE_IDS = new Set(['default', 'communications']);

/**
 * The counsellor's audio hardware: which microphones and speakers exist, which one is chosen,
 * and the level meter (fed by the call's microphone track, or by a test stream when the
 * counsellor checks their headset between calls).
 */
export class AudioDevices {
  private meter: LevelMeter | undefined;
  private meterTimer: ReturnType<typeof setInterval> | undefined;
  private lastLevel = 0;
  private callStream: MediaStream | null = null;
  private testStream: MediaStream | null = null;
  private running = false;
  private readonly onDeviceChange = (): void => void this.refresh();

  constructor(
    private readonly emit: (event: SoftphoneEvent) => void,
    private readonly view: () => SoftphoneState,
  ) {}

  start(): void {
    this.running = true;
    const media = navigator.mediaDevices as MediaDevices | undefined;
    media?.addEventListener('devicechange', this.onDeviceChange);
    void this.refresh();
    void this.checkPermission();
  }

  stop(): void {
    this.running = false;
    (navigator.mediaDevices as MediaDevices | undefined)?.removeEventListener('devicechange', this.onDeviceChange);
    this.stopTest();
    this.callStream = null;
    this.useMeter(null);
  }

  /** The constraint for getUserMedia: the chosen microphone if any ("ideal", so an unplugged one falls back). */
  microphone(): MediaTrackConstraints | boolean {
    const id = this.view().devices.inputId;
    return id ? { deviceId: id } : true;
  }

  speaker(): string | null {
    return this.view().devices.outputId;
  }

  async refresh(): Promise<void> {
    const media = navigator.mediaDevices as MediaDevices | undefined;
    if (!media?.enumerateDevices) return;
    let devices: MediaDeviceInfo[];
    try {
      devices = await media.enumerateDevices();
    } catch {
      return;
    }
    if (!this.running) return;
    const pick = (kind: MediaDeviceKind): AudioDevice[] =>
      devices
        .filter((device) => device.kind === kind && device.deviceId !== '' && !VIRTUAL_DEVICE_IDS.has(device.deviceId))
        .map((device) => ({ id: device.deviceId, label: device.label }));
    const inputs = pick('audioinput');
    // Before the permission is granted Chromium lists devices with empty ids: count them too.
    const anyInput = devices.some((device) => device.kind === 'audioinput');
    const canChooseOutput = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
    this.emit({ type: 'devices', inputs, outputs: canChooseOutput ? pick('audiooutput') : [], canChooseOutput });
    const problem = this.view().microphoneProblem;
    if (!anyInput) this.emit({ type: 'microphone', problem: 'missing' });
    else if (problem === 'missing') this.emit({ type: 'microphone', problem: null });
  }

  /** The call's microphone (null when the call ends); it takes the meter over from a test. */
  setCallStream(stream: MediaStream | null): void {
    this.callStream = stream;
    if (stream) this.stopTest();
    this.useMeter(stream);
  }

  async setTest(on: boolean): Promise<void> {
    this.stopTest();
    this.emit({ type: 'mic-test', on });
    if (!on || this.callStream) return;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: this.microphone(), video: false });
      if (!this.running || !this.view().micTest || this.callStream) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      this.testStream = stream;
      this.useMeter(stream);
      this.reportMicrophone(null);
      // Labels become readable once the microphone has been opened.
      void this.refresh();
    } catch (error) {
      this.emit({ type: 'mic-test', on: false });
      this.reportMicrophone(microphoneProblemOf(error) ?? 'unavailable');
    }
  }

  /** A new microphone was chosen: restart the test on it (the call switches its own track). */
  async restartTest(): Promise<void> {
    if (this.testStream) await this.setTest(true);
  }

  reportMicrophone(problem: MicrophoneProblem | null): void {
    if (this.view().microphoneProblem !== problem) this.emit({ type: 'microphone', problem });
  }

  private stopTest(): void {
    if (!this.testStream) return;
    this.testStream.getTracks().forEach((track) => track.stop());
    if (this.meter?.stream === this.testStream) this.useMeter(this.callStream);
    this.testStream = null;
  }

  private useMeter(stream: MediaStream | null): void {
    if (this.meter?.stream === stream) return;
    this.meter?.close();
    this.meter = undefined;
    clearInterval(this.meterTimer);
    this.meterTimer = undefined;
    if (!stream || !this.running || typeof AudioContext === 'undefined') {
      this.publishLevel(0);
      return;
    }
    try {
      this.meter = new LevelMeter(stream);
    } catch {
      return;
    }
    this.meterTimer = setInterval(() => this.publishLevel(this.meter?.level() ?? 0), METER_INTERVAL_MS);
  }

  private publishLevel(level: number): void {
    if (Math.abs(level - this.lastLevel) < METER_STEP && !(level === 0 && this.lastLevel !== 0)) return;
    this.lastLevel = level;
    this.emit({ type: 'mic-level', level });
  }

  /** A denial the platform already knows about is shown before the first call, not during it. */
  private async checkPermission(): Promise<void> {
    try {
      const status = await navigator.permissions.query({ name: 'microphone' });
      if (this.running && status.state === 'denied') this.reportMicrophone('denied');
    } catch {
      // Not every platform can be asked; getUserMedia will tell.
    }
  }
}
