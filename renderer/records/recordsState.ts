import type { ErrorCode } from '../../shared/contract/result';
import type { DraftView, RecordSummary, RecordsStatus } from '../../shared/contract/schemas';
import type { RecordsPolicy } from './recordProblems';

/** How the saving of the open draft stands, for the "Kladde gemt" line. */
export type DraftSaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: number } | { state: 'failed'; error: ErrorCode };

/** What the softphone engine reports about the record of a call that has just ended. */
export type RecordDraftOutcome = { type: 'starting' } | { type: 'started'; draft: DraftView } | { type: 'failed'; error: ErrorCode };

/**
 * The records panel's state: plain data, wiped on logout. The Call-ID the main process needs
 * to start a call's draft stays in the softphone engine; nothing here names a call.
 */
export interface RecordsView {
  /** null until asked; the main process's answer otherwise. */
  status: RecordsStatus | null;
  policy: RecordsPolicy | null;
  /** The draft open in the form. */
  draft: DraftView | null;
  /** The engine has asked for the draft of a call that just ended and waits for the answer. */
  starting: boolean;
  startError: ErrorCode | null;
  save: DraftSaveState;
  /** Validation messages show after the first failed submit and follow every change after it. */
  showProblems: boolean;
  /** Counts refused submits: each one moves the focus to the first invalid field. */
  refusedSubmits: number;
  submitting: boolean;
  /** Parking the draft (leaving it as a draft) is waiting for its last save. */
  parking: boolean;
  /** What went wrong on the last submit or park; null when nothing did. */
  actionError: ErrorCode | 'save-failed' | null;
  /** The counsellor's own records and open drafts of this shift; null until loaded. */
  shift: { records: RecordSummary[]; drafts: DraftView[] } | null;
  loadError: ErrorCode | null;
  /** The record just stored, so the panel can say so. */
  lastStored: RecordSummary | null;
}

export const initialRecordsView: RecordsView = {
  status: null,
  policy: null,
  draft: null,
  starting: false,
  startError: null,
  save: { state: 'idle' },
  showProblems: false,
  refusedSubmits: 0,
  submitting: false,
  parking: false,
  actionError: null,
  shift: null,
  loadError: null,
  lastStored: null,
};

/**
 * "Klar" (ready for the next call) is offered only when no record form is open and none is on
 * its way: the record of the call is stored, or explicitly left as a draft. When the store
 * cannot be used (or the draft could not be started) there is nothing to wait for.
 */
export function recordBlocksReady(records: RecordsView): boolean {
  return records.starting || records.draft !== null;
}
