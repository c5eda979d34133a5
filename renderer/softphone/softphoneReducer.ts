import {
  initialCall,
  isConnected,
  type AudioDevice,
  type CallEndedBy,
  type CallView,
  type SoftphoneEvent,
  type SoftphoneState,
} from './softphoneState';

/**
 * Applies one event. Events that make no sense in the current phase (a late "answered" after
 * the caller hung up, a hold result after the call ended) are ignored rather than trusted, so
 * the UI can never show a call control for a call that is gone.
 */
export function reduceSoftphone(state: SoftphoneState, event: SoftphoneEvent): SoftphoneState {
  const { call } = state;
  const withCall = (changes: Partial<CallView>): SoftphoneState => ({ ...state, call: { ...call, ...changes } });
  switch (event.type) {
    case 'registration':
      return {
        ...state,
        registration: event.state,
        registrationProblem: event.problem === undefined ? state.registrationProblem : event.problem,
        retryAt: event.state === 'retrying' ? (event.retryAt ?? null) : null,
      };
    case 'configured':
      return { ...state, returningWindowDays: event.returningWindowDays };
    case 'incoming':
      if (call.phase !== 'idle') return state;
      return {
        ...state,
        notice: null,
        call: {
          ...initialCall,
          phase: 'ringing',
          returningContacts: event.returningContacts,
          emergencyAvailable: event.emergencyAvailable,
        },
      };
    case 'call-info':
      if (call.phase === 'idle') return state;
      return withCall({ returningContacts: event.returningContacts, emergencyAvailable: event.emergencyAvailable });
    case 'answering':
      return call.phase === 'ringing' ? withCall({ phase: 'connecting' }) : state;
    case 'answered':
      if (call.phase !== 'ringing' && call.phase !== 'connecting') return state;
      return { ...withCall({ phase: 'active', startedAt: event.at }), microphoneProblem: null };
    case 'answer-failed':
      if (call.phase !== 'ringing' && call.phase !== 'connecting') return state;
      return {
        ...state,
        call: initialCall,
        notice: 'answer-failed',
        microphoneProblem: event.microphone ?? state.microphoneProblem,
      };
    case 'hold-requested':
      return isConnected(call.phase) ? withCall({ holdPending: true }) : state;
    case 'hold-changed':
      return isConnected(call.phase) ? withCall({ phase: event.held ? 'held' : 'active', holdPending: false }) : state;
    case 'hold-failed':
      return isConnected(call.phase) ? { ...withCall({ holdPending: false }), notice: 'hold-failed' } : state;
    case 'muted':
      return isConnected(call.phase) || call.phase === 'connecting' ? withCall({ muted: event.muted }) : state;
    case 'dtmf-sent':
      return isConnected(call.phase) ? withCall({ dtmfSent: call.dtmfSent + event.tone }) : state;
    case 'dtmf-failed':
      return isConnected(call.phase) ? { ...state, notice: 'dtmf-failed' } : state;
    case 'audio-stats':
      return isConnected(call.phase) ? withCall({ audio: event.flow }) : state;
    case 'ended':
      return endCall(state, event.at, event.by);
    case 'emergency-pending':
      return isConnected(call.phase) || call.phase === 'wrap-up' ? withCall({ emergency: 'pending' }) : state;
    case 'emergency-flagged':
      if (call.phase === 'idle') return state;
      return withCall({ emergency: 'flagged', emergencyReference: event.reference });
    case 'emergency-failed':
      if (call.phase === 'idle') return state;
      return { ...withCall({ emergency: call.emergencyReference ? 'flagged' : 'none' }), notice: 'emergency-failed' };
    case 'ready':
      return call.phase === 'wrap-up' ? { ...state, call: initialCall, notice: null } : state;
    case 'refused':
      return { ...state, notice: `refused-${event.reason}` };
    case 'notice':
      return { ...state, notice: event.notice };
    case 'notice-dismissed':
      return { ...state, notice: null };
    case 'microphone':
      return { ...state, microphoneProblem: event.problem };
    case 'devices': {
      // A chosen device that was unplugged falls back to the system default.
      const keep = (id: string | null, list: AudioDevice[]): string | null =>
        id !== null && list.some((device) => device.id === id) ? id : null;
      return {
        ...state,
        devices: {
          inputs: event.inputs,
          outputs: event.outputs,
          inputId: keep(state.devices.inputId, event.inputs),
          outputId: keep(state.devices.outputId, event.outputs),
          canChooseOutput: event.canChooseOutput,
        },
      };
    }
    case 'device-selected':
      return {
        ...state,
        devices: { ...state.devices, [event.kind === 'input' ? 'inputId' : 'outputId']: event.id },
      };
    case 'mic-level':
      return { ...state, micLevel: Math.min(1, Math.max(0, event.level)) };
    case 'mic-test':
      return { ...state, micTest: event.on, micLevel: event.on ? state.micLevel : 0 };
  }
}

function endCall(state: SoftphoneState, at: number, by: CallEndedBy): SoftphoneState {
  const { call } = state;
  switch (call.phase) {
    case 'idle':
    case 'wrap-up':
      return state;
    case 'ringing':
    case 'connecting':
      // Never talked: nothing to wrap up, but say why the alert went away.
      return {
        ...state,
        call: initialCall,
        notice: by === 'caller' ? 'missed' : by === 'network' ? 'call-dropped' : state.notice,
      };
    case 'active':
    case 'held':
      return {
        ...state,
        micLevel: state.micTest ? state.micLevel : 0,
        notice: by === 'network' ? 'call-dropped' : state.notice,
        call: { ...call, phase: 'wrap-up', endedAt: at, endedBy: by, muted: false, holdPending: false },
      };
  }
}
