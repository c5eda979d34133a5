import { z } from 'zod';
import {
  CHAT_CANNED_REPLIES_PATH,
  CHAT_SCHEDULE_PATH,
  CHAT_TRANSFER_TARGETS_PATH,
  cannedRepliesResponseSchema,
  chatAlertAckPath,
  chatScheduleViewSchema,
  transferTargetsResponseSchema,
  type CannedRepliesInput,
  type CannedRepliesResponse,
  type ChatSchedule,
  type ChatScheduleView,
  type TransferTargetsResponse,
} from '../../shared/hub/chatApi';
import type { Logger } from '../services/logger';
import { ChatLink, type ChatLinkEvents, type ChatLinkOptions } from './chatLink';
import type { HubConnection, SessionResult } from './hubConnection';

/**
 * What the workstation's chat services need of the hub, under the session's token (which stays
 * in HubConnection): the counsellor's desk (ChatService) and the supervisors' and
 * administrators' side (ChatSettingsService). One object per service, as shiftClient.ts does.
 */
export interface ChatHub {
  /** The counsellor's chat socket (not started). */
  link(log: Logger, events: ChatLinkEvents, options: ChatLinkOptions): ChatLink;
  /** Colleagues on shift with room for one more chat. */
  transferTargets(): Promise<SessionResult<TransferTargetsResponse>>;
  cannedReplies(): Promise<SessionResult<CannedRepliesResponse>>;
  /** Asks the hub now whether the session holds; a 401 locks the workstation (HubConnection). */
  verifySession(): Promise<void>;
}

export function chatHubOf(connection: HubConnection): ChatHub {
  const timeoutMs = connection.client.timeouts.shiftsMs;
  return {
    link: (log, events, options) => ChatLink.forSession(connection, log, events, options),
    transferTargets: () =>
      connection.authorized((client, token) => client.request({ method: 'GET', path: CHAT_TRANSFER_TARGETS_PATH, token, schema: transferTargetsResponseSchema, timeoutMs })),
    cannedReplies: () =>
      connection.authorized((client, token) => client.request({ method: 'GET', path: CHAT_CANNED_REPLIES_PATH, token, schema: cannedRepliesResponseSchema, timeoutMs })),
    verifySession: () => connection.verifySession(),
  };
}

export interface ChatSettingsHub {
  cannedReplies(): Promise<SessionResult<CannedRepliesResponse>>;
  /** Replaces the whole list (administrators). */
  saveCannedReplies(input: CannedRepliesInput): Promise<SessionResult<CannedRepliesResponse>>;
  schedule(): Promise<SessionResult<ChatScheduleView>>;
  saveSchedule(schedule: ChatSchedule): Promise<SessionResult<ChatScheduleView>>;
  /** A chat emergency seen by a supervisor: it leaves the board. */
  acknowledgeAlert(alertId: string): Promise<SessionResult<unknown>>;
}

export function chatSettingsHubOf(connection: HubConnection): ChatSettingsHub {
  const timeoutMs = connection.client.timeouts.shiftsMs;
  return {
    cannedReplies: () =>
      connection.authorized((client, token) => client.request({ method: 'GET', path: CHAT_CANNED_REPLIES_PATH, token, schema: cannedRepliesResponseSchema, timeoutMs })),
    saveCannedReplies: (input) =>
      connection.authorized((client, token) =>
        client.request({ method: 'PUT', path: CHAT_CANNED_REPLIES_PATH, token, body: input, schema: cannedRepliesResponseSchema, timeoutMs }),
      ),
    schedule: () => connection.authorized((client, token) => client.request({ method: 'GET', path: CHAT_SCHEDULE_PATH, token, schema: chatScheduleViewSchema, timeoutMs })),
    saveSchedule: (schedule) =>
      connection.authorized((client, token) => client.request({ method: 'PUT', path: CHAT_SCHEDULE_PATH, token, body: schedule, schema: chatScheduleViewSchema, timeoutMs })),
    acknowledgeAlert: (alertId) =>
      connection.authorized((client, token) => client.request({ method: 'POST', path: chatAlertAckPath(alertId), token, schema: z.unknown(), timeoutMs })),
  };
}
