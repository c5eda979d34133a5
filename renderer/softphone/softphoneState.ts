import { callRefusedSchema, type CallRefused } from '../../shared/contract/schemas';

/**
 * What the UI knows about the phone: plain, serialisable data only. The sip.js objects stay in
 * the engine; the engine reports what happened as `SoftphoneEvent`s and `reduceSoftphone` turns
 * them into this state. Nothing here can name a caller: the engine never reports a header, a
 * URI or a Call-ID, only counts and the local emergency reference.
 */

export const registrationStates = [
  /** The engine is not running (no shift, or before the workspace mounted). */
  'off',
  /** The main process has no SIP server for this workstation. */
  'not-configured',
  'connecting',
  'registering',
  'registered',
  /** Waiting for the next attempt after a failure; `retryAt` says when. */
  'retrying',
  /** The main process ended the SIP link because the shift ended. */
  'logged-out',
] as const;
export type RegistrationState = (typeof registrationStates)[number];

export const registrationProblems = [
  'server-unreachable',
  'connection-lost',
  'registration-refused',
  'registration-failed',
  'internal',
] as const;
export type RegistrationProblem = (typeof registrationProblems)[number];

export const microphoneProblems = ['missing', 'denied', 'unavailable'] as const;
export type MicrophoneProblem = (typeof microphoneProblems)[number];

export type CallPhase =
  | 'idle'
  | 'ringing'
  /** Answered; waiting for media to be set up. */
  | 'connecting'
  | 'active'
  | 'held'
  /** The call is over; no new call is offered until the counsellor says they are ready. */
  | 'wrap-up';

export const callNotices = [
  /** The caller hung up before the call was answered. */
  'missed',
  /** Nobody answered before the ringing timed out. */
  'unanswered',
  'answer-failed',
  'hold-failed',
  'dtmf-failed',
  'emergency-failed',
  'device-failed',
  /** The connection to the caller broke (network or server), not a hang-up by either side. */
  'call-dropped',
  ...callRefusedSchema.shape.reason.options.map((reason) => `refused-${reason}` as const),
] as const;
export type CallNotice = (typeof callNotices)[number];

export type CallEndedBy = 'counsellor' | 'caller' | 'network';

export interface AudioFlow {
  packetsReceived: number;
  packetsSent: number;
}

export interface CallView {
  phase: CallPhase;
  muted: boolean;
  /** A hold or resume re-INVITE is on its way. */
  holdPending: boolean;
  /** When the call was answered (ms since epoch), for the timer. */
  startedAt: number | null;
  endedAt: number | null;
  endedBy: CallEndedBy | null;
  /** Contacts from this caller's pseudonym within the window, this one included; null if unknown. */
  returningContacts: number | null;
  emergencyAvailable: boolean;
  emergency: 'none' | 'pending' | 'flagged';
  /** The main process's local code for the emergency flag; never the provider's reference. */
  emergencyReference: string | null;
  /** Tones the keypad actually sent during this call. */
  dtmfSent: string;
  audio: AudioFlow | null;
}

export interface AudioDevice {
  id: string;
  /** The counsellor's own hardware name (empty until the microphone permission is granted). */
  label: string;
}

export interface DeviceState {
  inputs: AudioDevice[];
  outputs: AudioDevice[];
  /** null: the system default. */
  inputId: string | null;
  outputId: string | null;
  /** Whether this platform can route audio to a chosen output (setSinkId). */
  canChooseOutput: boolean;
}

export interface SoftphoneState {
  registration: RegistrationState;
  registrationProblem: RegistrationProblem | null;
  /** When the next connection attempt happens (ms since epoch), while `retrying`. */
  retryAt: number | null;
  microphoneProblem: MicrophoneProblem | null;
  call: CallView;
  notice: CallNotice | null;
  devices: DeviceState;
  /** Microphone level 0..1 while a call or the microphone test runs. */
  micLevel: number;
  micTest: boolean;
  /** How many days the returning-contact count covers (from the softphone configuration). */
  returningWindowDays: number;
}

export type SoftphoneEvent =
  | { type: 'registration'; state: RegistrationState; problem?: RegistrationProblem | null; retryAt?: number | null }
  | { type: 'configured'; returningWindowDays: number }
  | { type: 'incoming'; returningContacts: number | null; emergencyAvailable: boolean }
  /** `call:info` came after the INVITE it describes. */
  | { type: 'call-info'; returningContacts: number | null; emergencyAvailable: boolean }
  | { type: 'answering' }
  | { type: 'answered'; at: number }
  | { type: 'answer-failed'; microphone: MicrophoneProblem | null }
  | { type: 'hold-requested' }
  | { type: 'hold-changed'; held: boolean }
  | { type: 'hold-failed' }
  | { type: 'muted'; muted: boolean }
  | { type: 'dtmf-sent'; tone: string }
  | { type: 'dtmf-failed' }
  | { type: 'audio-stats'; flow: AudioFlow }
  | { type: 'ended'; at: number; by: CallEndedBy }
  | { type: 'emergency-pending' }
  | { type: 'emergency-flagged'; reference: string }
  | { type: 'emergency-failed' }
  | { type: 'ready' }
  | { type: 'refused'; reason: CallRefused['reason'] }
  | { type: 'notice'; notice: CallNotice }
  | { type: 'notice-dismissed' }
  | { type: 'microphone'; problem: MicrophoneProblem | null }
  | { type: 'devices'; inputs: AudioDevice[]; outputs: AudioDevice[]; canChooseOutput: boolean }
  | { type: 'device-selected'; kind: 'input' | 'output'; id: string | null }
  | { type: 'mic-level'; level: number }
  | { type: 'mic-test'; on: boolean };

export const initialCall: CallView = {
  phase: 'idle',
  muted: false,
  holdPending: false,
  startedAt: null,
  endedAt: null,
  endedBy: null,
  returningContacts: null,
  emergencyAvailable: false,
  emergency: 'none',
  emergencyReference: null,
  dtmfSent: '',
  audio: null,
};

export const initialSoftphoneState: SoftphoneState = {
  registration: 'off',
  registrationProblem: null,
  retryAt: null,
  microphoneProblem: null,
  call: initialCall,
  notice: null,
  devices: { inputs: [], outputs: [], inputId: null, outputId: null, canChooseOutput: false },
  micLevel: 0,
  micTest: false,
  returningWindowDays: 7,
};

/** A call is "in progress" from the first ring until the counsellor is ready again. */
export function isBusy(phase: CallPhase): boolean {
  return phase !== 'idle';
}

/** The phases in which there is a connected call to act on. */
export function isConnected(phase: CallPhase): boolean {
  return phase === 'active' || phase === 'held';
}

/** The DTMF tones a keypad may send (RFC 4733 events 0-15; A-D are not on a phone keypad). */
export const dtmfTones = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export type DtmfTone = (typeof dtmfTones)[number];

export function isDtmfTone(value: string): value is DtmfTone {
  return (dtmfTones as readonly string[]).includes(value);
}
