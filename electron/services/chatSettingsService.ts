import { fail, ok, type ApiResult } from '../../shared/contract/result';
import type { SessionState } from '../../shared/contract/schemas';
import type { CannedRepliesInput, CannedReply, ChatSchedule, ChatScheduleView } from '../../shared/hub/chatApi';
import type { ChatSettingsHub } from '../hub/chatClient';
import { failureResult, type Refusals, type SessionFailure } from '../hub/failureResult';
import { describeFailure } from '../hub/hubClient';
import type { Logger } from './logger';

const supervisors: ReadonlySet<string> = new Set(['supervisor', 'administrator']);
const administrators: ReadonlySet<string> = new Set(['administrator']);

const settingsRefusals: Refusals = {
  forbidden: { code: 'forbidden', message: 'the hub refuses this to the account' },
  'invalid-request': { code: 'invalid-chat-settings', message: 'the hub does not accept these chat settings' },
  'too-large': { code: 'invalid-chat-settings', message: 'the chat settings are too large' },
};

/**
 * The chat as the supervisor area manages it: administrators read and replace the canned
 * replies and the opening hours (supervisors may read them), and supervisors acknowledge a chat
 * emergency on the board. The hub checks the same roles and validates again; asking first here
 * spares a round trip and names the refusal. Nothing here is about a visitor.
 */
export class ChatSettingsService {
  constructor(
    private readonly hub: ChatSettingsHub | null,
    private readonly session: () => SessionState,
    private readonly log: Logger,
  ) {}

  async get(): Promise<ApiResult<{ replies: CannedReply[]; schedule: ChatScheduleView }>> {
    const access = this.access(supervisors);
    if (!access.ok) return access;
    const [replies, schedule] = await Promise.all([access.value.cannedReplies(), access.value.schedule()]);
    if (!replies.ok) return this.failed('canned replies', replies.failure);
    if (!schedule.ok) return this.failed('schedule', schedule.failure);
    return ok({ replies: replies.value.replies, schedule: schedule.value });
  }

  async saveCannedReplies(input: CannedRepliesInput): Promise<ApiResult<{ replies: CannedReply[] }>> {
    const access = this.access(administrators);
    if (!access.ok) return access;
    const result = await access.value.saveCannedReplies(input);
    if (!result.ok) return this.failed('canned replies', result.failure);
    this.log.info('chat-settings', 'canned replies saved', { count: result.value.replies.length });
    return ok({ replies: result.value.replies });
  }

  async saveSchedule(schedule: ChatSchedule): Promise<ApiResult<ChatScheduleView>> {
    const access = this.access(administrators);
    if (!access.ok) return access;
    const result = await access.value.saveSchedule(schedule);
    if (!result.ok) return this.failed('schedule', result.failure);
    this.log.info('chat-settings', 'opening hours saved', { exceptions: schedule.exceptions.length, weekly: schedule.weekly !== null });
    return ok(result.value);
  }

  /** An alert another supervisor acknowledged first is gone already: that is the wanted outcome. */
  async acknowledgeAlert(alertId: string): Promise<ApiResult<Record<string, never>>> {
    const access = this.access(supervisors);
    if (!access.ok) return access;
    const result = await access.value.acknowledgeAlert(alertId);
    if (!result.ok && !(result.failure.kind === 'refused' && result.failure.error === 'not-found')) return this.failed('alert acknowledgement', result.failure);
    this.log.info('chat-settings', 'chat alert acknowledged');
    return ok({});
  }

  private access(roles: ReadonlySet<string>): ApiResult<ChatSettingsHub> {
    const session = this.session();
    if (session.status !== 'active') return fail('not-logged-in', 'chat settings need a logged-in supervisor or administrator');
    if (!roles.has(session.role)) return fail('forbidden', roles === administrators ? 'only administrators change the chat settings' : 'this is for supervisors and administrators');
    if (!this.hub) return fail('hub-not-configured', 'no hub is configured');
    return ok(this.hub);
  }

  private failed(what: string, failure: SessionFailure): ApiResult<never> {
    if (failure.kind !== 'no-session') this.log.warn('chat-settings', `${what} failed`, { failure: describeFailure(failure) });
    return failureResult(failure, what, settingsRefusals);
  }
}
