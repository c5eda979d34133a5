import { randomUUID } from 'node:crypto';
import { fail, ok, type ApiResult } from '../../shared/contract/result';
import type { DraftView, RecordSummary, RecordsStatus, SessionState } from '../../shared/contract/schemas';
import {
  RECORD_SCHEMA_VERSION,
  contactFactsSchema,
  contactRecordSchema,
  emptyRecordForm,
  minuteOf,
  recordFormSchema,
  roundedMinutes,
  type ContactFacts,
  type ContactRecord,
  type RecordForm,
} from '../../shared/records/recordModel';
import { checkRecordForm, type RecordPolicy } from '../../shared/records/recordPolicy';
import { scrubText } from '../../shared/scrubber/scrubText';
import type { RecordPayload, RecordStore } from '../store/recordStore';
import { StoreError } from '../store/storeErrors';
import type { Logger } from './logger';

/** What the softphone knows about a call that the record may hold (never an identifier). */
export interface CallFacts {
  returningContact: boolean;
  emergency: { flagged: boolean; providerCallReference: string | null };
}

interface DraftPayload {
  facts: ContactFacts;
  form: RecordForm;
  callId: string | null;
}

/**
 * Contact records (DESIGN.md §1.4): drafts saved to the encrypted store on every change, and
 * records validated against the service's policy, with the free text scrubbed (I3) in the main
 * process whatever the renderer showed. The renderer sees only its own shift's records.
 */
export class RecordService {
  private store: RecordStore | null = null;
  private status: RecordsStatus = { state: 'opening' };
  private expiryTimer: NodeJS.Timeout | undefined;
  /**
   * What this shift has filed. The store keeps a record only until the hub has it
   * (minimisation), but "Dine registreringer på denne vagt" must not empty itself as the records
   * reach the hub: their summaries stay here, in memory only, until the session ends.
   */
  private filed: { shiftId: string; records: Map<string, RecordSummary> } | null = null;

  constructor(
    private readonly policy: RecordPolicy,
    private readonly log: Logger,
    private readonly session: () => { state: SessionState; shiftId: string | null },
    private readonly callFacts: (callId: string) => CallFacts | null,
  ) {}

  /** Opens the store; a failure leaves the service unavailable with the reason, never a new file. */
  async open(opener: () => Promise<RecordStore>): Promise<void> {
    try {
      this.store = await opener();
      this.status = { state: 'ready' };
      this.expireOldRecords();
      this.expiryTimer = setInterval(() => this.expireOldRecords(), 3600_000);
      this.expiryTimer.unref();
    } catch (error) {
      const problem = error instanceof StoreError ? error.kind : 'unexpected';
      this.status = { state: 'unavailable', problem };
      this.log.error('records', 'store unavailable', { problem, code: error instanceof StoreError ? error.code : 'unknown' });
    }
  }

  getStatus(): RecordsStatus {
    return this.status;
  }

  getPolicy(): { topics: RecordPolicy['topics']; requiredFields: RecordPolicy['requiredFields'] } {
    return { topics: this.policy.topics, requiredFields: this.policy.requiredFields };
  }

  startDraft(request: { channel: ContactFacts['channel']; callId: string | null; startedAt: number; endedAt: number }): ApiResult<DraftView> {
    const access = this.access();
    if (!access.ok) return access;
    const { store, shiftId } = access.value;
    const call = request.callId ? this.callFacts(request.callId) : null;
    const facts = contactFactsSchema.parse({
      channel: request.channel,
      startedAt: minuteOf(new Date(request.startedAt)),
      durationMinutes: roundedMinutes(Math.max(0, request.endedAt - request.startedAt)),
      shiftId,
      returningContact: call?.returningContact ?? false,
    });
    const form: RecordForm = { ...emptyRecordForm, emergency: call?.emergency.flagged ?? false };
    const draftId = randomUUID();
    store.saveDraft({ recordId: draftId, shiftId, payloadVersion: RECORD_SCHEMA_VERSION, payload: toPayload({ facts, form, callId: request.callId }) });
    return ok({ draftId, facts, form, fromEarlierShift: false });
  }

  saveDraft(draftId: string, form: RecordForm): ApiResult<{ savedAt: number }> {
    const access = this.access();
    if (!access.ok) return access;
    const { store, shiftId } = access.value;
    const draft = this.ownDraft(store, draftId, shiftId);
    if (!draft) return fail('unknown-draft', 'no such draft');
    const payload = fromPayload(draft.payload);
    // Free text is masked before it is stored (I3), in drafts too; the form keeps what was typed.
    const stored = { ...form, summary: scrubText(form.summary).text };
    const saved = store.saveDraft({ recordId: draftId, shiftId, payloadVersion: RECORD_SCHEMA_VERSION, payload: toPayload({ ...payload, form: stored }) });
    return ok({ savedAt: saved.updatedAt });
  }

  submit(draftId: string, form: RecordForm): ApiResult<RecordSummary> {
    const access = this.access();
    if (!access.ok) return access;
    const { store, shiftId } = access.value;
    const draft = this.ownDraft(store, draftId, shiftId);
    if (!draft) return fail('unknown-draft', 'no such draft');
    const problems = checkRecordForm(form, this.policy);
    if (problems.length > 0) {
      return fail('invalid-record', `record incomplete: ${problems.map((problem) => `${problem.field} ${problem.problem}`).join(', ')}`);
    }
    const { facts, callId } = fromPayload(draft.payload);
    const call = callId ? this.callFacts(callId) : null;
    const record: ContactRecord = contactRecordSchema.parse({
      id: draftId,
      schemaVersion: RECORD_SCHEMA_VERSION,
      ...facts,
      contactType: form.contactType,
      topics: form.topics,
      // Closed fields a non-counselling contact leaves open are recorded as unknown.
      ageBand: form.ageBand ?? 'unknown',
      gender: form.gender ?? 'unknown',
      outcome: form.outcome ?? 'completed',
      referral: form.referral ?? 'none',
      emergency: {
        flagged: form.emergency || (call?.emergency.flagged ?? false),
        providerCallReference: call?.emergency.flagged ? call.emergency.providerCallReference : null,
      },
      summary: scrubText(form.summary).text,
    });
    store.finalizeRecord({ recordId: draftId, shiftId, payloadVersion: RECORD_SCHEMA_VERSION, payload: record });
    this.log.info('records', 'record stored', { channel: record.channel });
    const summary = summaryOf(record);
    if (this.filed?.shiftId !== shiftId) this.filed = { shiftId, records: new Map() };
    this.filed.records.set(summary.id, summary);
    return ok(summary);
  }

  listShift(): ApiResult<{ records: RecordSummary[]; drafts: DraftView[] }> {
    const access = this.access();
    if (!access.ok) return access;
    const { store, shiftId } = access.value;
    // Those still waiting for the hub, and those it already has (filed since this session began).
    const records = new Map(this.filed?.shiftId === shiftId ? this.filed.records : []);
    for (const entry of store.listShiftRecords(shiftId)) records.set(entry.recordId, summaryOf(contactRecordSchema.parse(entry.payload)));
    const view = (fromEarlierShift: boolean) => (draft: { recordId: string; payload: RecordPayload }): DraftView => {
      const { facts, form } = fromPayload(draft.payload);
      return { draftId: draft.recordId, facts, form, fromEarlierShift };
    };
    const drafts = [...store.listShiftDrafts(shiftId).map(view(false)), ...store.listDraftsOutsideShift(shiftId).map(view(true))];
    return ok({ records: [...records.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt)), drafts });
  }

  /** The session ended: nothing of the shift's records stays in memory. */
  forgetShift(): void {
    this.filed = null;
  }

  /**
   * Retention: records the hub has not acknowledged within the policy's maximum age are deleted
   * anyway, each in the store's access log and with a warning for the administrator here.
   */
  expireOldRecords(now = Date.now()): number {
    if (!this.store) return 0;
    const expired = this.store.expireRecordsOlderThan(now - this.policy.maxRecordAgeDays * 24 * 3600_000);
    if (expired > 0) this.log.warn('records', 'unacknowledged records deleted at maximum age', { count: expired, maxAgeDays: this.policy.maxRecordAgeDays });
    return expired;
  }

  /** A draft of this shift, or an earlier shift's draft now taken over (audited) to be finished. */
  private ownDraft(store: RecordStore, draftId: string, shiftId: string): ReturnType<RecordStore['getDraft']> {
    const draft = store.getDraft(draftId);
    if (!draft) return null;
    if (draft.shiftId !== shiftId && !store.adoptDraft(draftId, shiftId)) return null;
    return { ...draft, shiftId };
  }

  /** An emergency flag goes into the encrypted store, whether or not a record follows. */
  keepEmergency(flag: { localReference: string; providerCallReference: string | null }): boolean {
    if (!this.store) return false;
    this.store.recordEmergency(flag);
    return true;
  }

  close(): void {
    clearInterval(this.expiryTimer);
    this.store?.close();
    this.store = null;
  }

  /** Records are for a counsellor on shift, and only when the store is open. */
  private access(): ApiResult<{ store: RecordStore; shiftId: string }> {
    const { state, shiftId } = this.session();
    if (state.status !== 'active' || state.role !== 'counsellor' || !shiftId) return fail('not-logged-in', 'records need a counsellor on shift');
    if (!this.store) return fail('records-unavailable', `record store ${this.status.state}`);
    return ok({ store: this.store, shiftId });
  }
}

function toPayload(draft: DraftPayload): RecordPayload {
  return draft as unknown as RecordPayload;
}

function fromPayload(payload: RecordPayload): DraftPayload {
  const value = payload as unknown as DraftPayload;
  return { facts: contactFactsSchema.parse(value.facts), form: recordFormSchema.parse(value.form), callId: typeof value.callId === 'string' ? value.callId : null };
}

function summaryOf(record: ContactRecord): RecordSummary {
  return {
    id: record.id,
    channel: record.channel,
    startedAt: record.startedAt,
    durationMinutes: record.durationMinutes,
    contactType: record.contactType,
    topics: record.topics,
    summary: record.summary,
  };
}
