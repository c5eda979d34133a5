import type { StateCreator } from 'zustand';
import type { SoftphoneCommand } from '../softphone/shortcuts';
import { recordBlocksReady } from '../records/recordsState';
import { SoftphoneEngine } from '../softphone/softphoneEngine';
import { reduceSoftphone } from '../softphone/softphoneReducer';
import { initialSoftphoneState, type DtmfTone, type SoftphoneEvent, type SoftphoneState } from '../softphone/softphoneState';
import type { AppState } from './appStore';
import { acceptsNewCalls } from './shiftSlice';

export interface SoftphoneSlice {
  /** Plain data only; the sip.js objects stay inside the engine. */
  softphone: SoftphoneState;
  /** Called when the counsellor workspace mounts: connect and register. */
  startSoftphone: () => void;
  /** Called when it unmounts (logout): hang up, unregister, disconnect, forget. */
  stopSoftphone: () => Promise<void>;
  applySoftphoneEvent: (event: SoftphoneEvent) => void;
  answerCall: () => void;
  rejectCall: () => void;
  hangUp: () => void;
  setHold: (held: boolean) => void;
  setMuted: (muted: boolean) => void;
  sendDtmf: (tone: DtmfTone) => void;
  flagEmergency: () => Promise<void>;
  /** "Klar": leave wrap-up, accept calls again; refused while the call's record form is open. */
  finishWrapUp: () => void;
  dismissNotice: () => void;
  retryRegistration: () => void;
  selectMicrophone: (id: string | null) => Promise<void>;
  selectSpeaker: (id: string | null) => Promise<void>;
  setMicTest: (on: boolean) => Promise<void>;
  /** A keyboard shortcut or headset button, interpreted for the current phase. */
  runSoftphoneCommand: (command: SoftphoneCommand) => void;
}

export const createSoftphoneSlice: StateCreator<AppState, [], [], SoftphoneSlice> = (set, get) => {
  // One engine per store, outside the state: it holds sip.js objects, sockets' stand-ins and timers.
  let engine: SoftphoneEngine | null = null;
  // A new engine starts only after the previous one has said goodbye to the main process, or its
  // late "disconnect" would cut the new connection (React's StrictMode mounts twice in development).
  let stopping: Promise<void> = Promise.resolve();

  return {
    softphone: initialSoftphoneState,
    startSoftphone: () => {
      if (engine) return;
      const next = new SoftphoneEngine({
        dispatch: (event) => get().applySoftphoneEvent(event),
        view: () => get().softphone,
        recordDraft: (outcome) => get().applyRecordDraft(outcome),
        acceptsCalls: () => acceptsNewCalls(get().shift),
      });
      engine = next;
      void stopping.then(() => {
        if (engine === next) next.start();
      });
    },
    stopSoftphone: async () => {
      const current = engine;
      engine = null;
      if (!current) return;
      stopping = stopping.then(() => current.stop());
      await stopping;
      // Whatever the call left behind (timer, badge, emergency reference) goes with it; a record
      // draft the stopped engine was still waiting for will not be reported any more.
      set((state) => ({ softphone: initialSoftphoneState, records: { ...state.records, starting: false } }));
    },
    applySoftphoneEvent: (event) => set((state) => ({ softphone: reduceSoftphone(state.softphone, event) })),
    answerCall: () => engine?.answer(),
    rejectCall: () => engine?.reject(),
    hangUp: () => engine?.hangUp(),
    setHold: (held) => engine?.setHold(held),
    setMuted: (muted) => engine?.setMuted(muted),
    sendDtmf: (tone) => engine?.sendDtmf(tone),
    flagEmergency: async () => {
      await engine?.flagEmergency();
    },
    finishWrapUp: () => {
      // The record is stored or explicitly left as a draft before the next call may ring.
      if (recordBlocksReady(get().records)) return;
      engine?.ready();
    },
    dismissNotice: () => get().applySoftphoneEvent({ type: 'notice-dismissed' }),
    retryRegistration: () => engine?.retryNow(),
    selectMicrophone: async (id) => {
      await engine?.selectMicrophone(id);
    },
    selectSpeaker: async (id) => {
      await engine?.selectSpeaker(id);
    },
    setMicTest: async (on) => {
      await engine?.setMicTest(on);
    },
    runSoftphoneCommand: (command) => {
      const { call } = get().softphone;
      switch (command) {
        case 'answer':
          return get().answerCall();
        case 'hangup':
          return call.phase === 'ringing' ? get().rejectCall() : get().hangUp();
        case 'toggle-mute':
          return get().setMuted(!call.muted);
        case 'toggle-hold':
          return call.holdPending ? undefined : get().setHold(call.phase !== 'held');
      }
    },
  };
};

export const initialSoftphoneShiftState = { softphone: initialSoftphoneState } satisfies Partial<SoftphoneSlice>;
