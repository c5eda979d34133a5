import type { StateCreator } from 'zustand';
import type { ErrorCode } from '../../shared/contract/result';
import type { DraftView, RecordSummary } from '../../shared/contract/schemas';
import type { RecordForm } from '../../shared/records/recordModel';
import { ApiCallError, call } from '../api/tavs';
import { DraftSaveQueue } from '../records/draftSaveQueue';
import { editForm, type FormChange } from '../records/recordFormEdit';
import { formProblems } from '../records/recordProblems';
import { initialRecordsView, type RecordDraftOutcome, type RecordsView } from '../records/recordsState';
import type { AppState } from './appStore';

export interface RecordsSlice {
  records: RecordsView;
  /** Store status, policy and this shift's records; called when the records panel mounts. */
  loadRecords: () => Promise<void>;
  /** From the softphone engine: the draft of the call that just ended. */
  applyRecordDraft: (outcome: RecordDraftOutcome) => void;
  /** One change in the form; saved as the draft at once (serialised, latest wins). */
  editRecord: (change: FormChange) => void;
  retryDraftSave: () => void;
  /** Validates, then stores the record; on success the form closes. */
  submitRecord: () => Promise<void>;
  /** "Gem som kladde": closes the form once its last change is saved; the draft stays listed. */
  parkDraft: () => Promise<void>;
  /** "Genoptag": opens a draft of this shift again. */
  resumeDraft: (draftId: string) => Promise<void>;
  /** Waits for the draft saves on their way (before a logout). */
  flushRecords: () => Promise<void>;
  /** Logout: drops queued saves and timers; resetAll puts the initial state back. */
  stopRecords: () => void;
}

/** While the main process is still opening the store, ask again this often. */
const STATUS_POLL_MS = 1_000;

const codeOf = (error: unknown): ErrorCode => (error instanceof ApiCallError ? error.code : 'internal');

function withDraft(shift: RecordsView['shift'], draft: DraftView): RecordsView['shift'] {
  if (!shift) return shift;
  return { ...shift, drafts: [...shift.drafts.filter((entry) => entry.draftId !== draft.draftId), draft] };
}

function withRecord(shift: RecordsView['shift'], record: RecordSummary): RecordsView['shift'] {
  if (!shift) return shift;
  return {
    records: [...shift.records.filter((entry) => entry.id !== record.id), record],
    drafts: shift.drafts.filter((entry) => entry.draftId !== record.id),
  };
}

export const createRecordsSlice: StateCreator<AppState, [], [], RecordsSlice> = (set, get) => {
  /** Bumped on logout: answers to requests of the previous shift are dropped. */
  let generation = 0;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  const patch = (changes: Partial<RecordsView>): void => set((state) => ({ records: { ...state.records, ...changes } }));

  const newQueue = (): DraftSaveQueue<RecordForm, ErrorCode> =>
    new DraftSaveQueue<RecordForm, ErrorCode>(
      async (draftId, form) => (await call('records:saveDraft', { draftId, form })).savedAt,
      (event) => {
        if (event.draftId !== get().records.draft?.draftId) return;
        switch (event.type) {
          case 'saving':
            return patch({ save: { state: 'saving' } });
          case 'saved':
            return patch({ save: { state: 'saved', at: event.savedAt } });
          case 'failed':
            return patch({ save: { state: 'failed', error: event.error } });
        }
      },
      codeOf,
    );
  let queue = newQueue();

  const refreshShift = async (): Promise<void> => {
    const asked = generation;
    try {
      const shift = await call('records:listShift', {});
      if (asked === generation) patch({ shift, loadError: null });
    } catch (error) {
      if (asked === generation) patch({ loadError: codeOf(error) });
    }
  };

  /** Opens a draft in the form, leaving any draft open so far in the list (its saves go on). */
  const open = (draft: DraftView): void => {
    const { records } = get();
    const shift = records.draft && records.draft.draftId !== draft.draftId ? withDraft(records.shift, records.draft) : records.shift;
    patch({
      draft,
      shift,
      save: { state: 'idle' },
      showProblems: false,
      actionError: null,
      lastStored: null,
    });
  };

  return {
    records: initialRecordsView,
    loadRecords: async () => {
      const asked = generation;
      clearTimeout(pollTimer);
      try {
        const status = await call('records:status', {});
        if (asked !== generation) return;
        patch({ status, loadError: null });
        if (status.state === 'opening') {
          pollTimer = setTimeout(() => void get().loadRecords(), STATUS_POLL_MS);
          return;
        }
        if (status.state !== 'ready') return;
        const [policy, shift] = await Promise.all([call('records:policy', {}), call('records:listShift', {})]);
        if (asked === generation) patch({ policy, shift });
      } catch (error) {
        if (asked === generation) patch({ loadError: codeOf(error) });
      }
    },
    applyRecordDraft: (outcome) => {
      switch (outcome.type) {
        case 'starting':
          return patch({ starting: true, startError: null, lastStored: null });
        case 'started':
          open(outcome.draft);
          patch({ starting: false });
          if (!get().records.policy) void get().loadRecords();
          return;
        case 'failed':
          patch({ starting: false, startError: outcome.error });
          // The store may have become unavailable; the panel then says why.
          void get().loadRecords();
          return;
      }
    },
    editRecord: (change) => {
      const { draft, submitting, parking } = get().records;
      if (!draft || submitting || parking) return;
      const form = editForm(draft.form, change);
      if (form === draft.form) return;
      patch({ draft: { ...draft, form }, actionError: null });
      queue.push(draft.draftId, form);
    },
    retryDraftSave: () => queue.retry(),
    submitRecord: async () => {
      const { draft, policy, submitting, parking, refusedSubmits } = get().records;
      if (!draft || !policy || submitting || parking) return;
      if (formProblems(draft.form, policy).length > 0) {
        patch({ showProblems: true, refusedSubmits: refusedSubmits + 1, actionError: null });
        return;
      }
      const asked = generation;
      patch({ submitting: true, actionError: null });
      // The last draft save must not arrive after the record: it would bring the draft back.
      await queue.flush(draft.draftId);
      if (asked !== generation) return;
      try {
        const stored = await call('records:submit', { draftId: draft.draftId, form: draft.form });
        if (asked !== generation) return;
        queue.forget(draft.draftId);
        const { records } = get();
        patch({
          draft: null,
          submitting: false,
          showProblems: false,
          save: { state: 'idle' },
          lastStored: stored,
          shift: withRecord(records.shift, stored),
        });
        void refreshShift();
      } catch (error) {
        if (asked !== generation) return;
        const code = codeOf(error);
        const { records } = get();
        patch({
          submitting: false,
          actionError: code,
          showProblems: true,
          refusedSubmits: code === 'invalid-record' ? records.refusedSubmits + 1 : records.refusedSubmits,
        });
        if (code === 'records-unavailable') void get().loadRecords();
      }
    },
    parkDraft: async () => {
      const { draft, submitting, parking } = get().records;
      if (!draft || submitting || parking) return;
      const asked = generation;
      patch({ parking: true, actionError: null });
      const saved = await queue.flush(draft.draftId);
      if (asked !== generation) return;
      if (!saved) {
        // Closing now would leave the store with an older form than the one on screen.
        patch({ parking: false, actionError: 'save-failed' });
        return;
      }
      const { records } = get();
      patch({
        parking: false,
        draft: null,
        save: { state: 'idle' },
        showProblems: false,
        shift: records.draft ? withDraft(records.shift, records.draft) : records.shift,
      });
      void refreshShift();
    },
    resumeDraft: async (draftId) => {
      const current = get().records.draft;
      if (current?.draftId === draftId) return;
      if (current) {
        await get().parkDraft();
        if (get().records.draft) return;
      }
      const target = get().records.shift?.drafts.find((entry) => entry.draftId === draftId);
      if (target) open(target);
    },
    flushRecords: async () => {
      await queue.flush();
    },
    stopRecords: () => {
      generation += 1;
      clearTimeout(pollTimer);
      queue.close();
      queue = newQueue();
    },
  };
};

export const initialRecordsShiftState = { records: initialRecordsView } satisfies Partial<RecordsSlice>;
