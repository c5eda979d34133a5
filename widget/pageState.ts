import type { ChatScheduleView } from '../shared/hub/chatApi';
import { queueWording } from './queueWording';
import type { EndedBy, SessionPhase, StopReason } from './visitorSession';
import { text, type TextKey, type WidgetLocale } from './widgetText';

/** Everything the page shows apart from the messages themselves. */
export interface PageState {
  locale: WidgetLocale;
  phase: SessionPhase;
  stopReason: StopReason | null;
  endedBy: EndedBy | null;
  /** The opening hours; null until fetched (or when they could not be). */
  schedule: ChatScheduleView | null;
  scheduleFailed: boolean;
  queue: { position: number; estimatedWaitSeconds: number | null } | null;
  /** The message limit the hub sent in `welcome` (the policy's maxMessageChars). */
  maxMessageChars: number;
  counsellorTyping: boolean;
  /** Whether the log holds anything (it stays readable after the end). */
  hasLog: boolean;
}

export type Section = 'intro' | 'closed' | 'hours' | 'conversation' | 'composer' | 'ended' | 'stopped';

/** The page's parts to show for `state`; the rest are hidden. */
export function visibleSections(state: PageState): Set<Section> {
  const shown = new Set<Section>();
  const log = (): void => {
    if (state.hasLog) shown.add('conversation');
  };
  switch (state.phase) {
    case 'idle':
      shown.add('hours');
      if (state.schedule?.open === false) shown.add('closed');
      else if (state.schedule !== null || state.scheduleFailed) shown.add('intro');
      break;
    case 'closed':
      // The hours are fetched again while the page waits: once open, the visitor may start.
      shown.add(state.schedule?.open === true ? 'intro' : 'closed').add('hours');
      log();
      break;
    case 'connecting':
      shown.add('conversation');
      break;
    case 'queued':
    case 'active':
    case 'reconnecting':
      shown.add('conversation').add('composer');
      break;
    case 'ended':
      shown.add('ended');
      log();
      break;
    case 'stopped':
      shown.add('stopped');
      log();
      break;
  }
  return shown;
}

/** The polite status line (`role="status"`): where the visitor stands right now. */
export function statusLine(state: PageState): string {
  const t = (key: TextKey): string => text(state.locale, key);
  switch (state.phase) {
    case 'idle':
    case 'closed':
    case 'ended':
    case 'stopped':
      return '';
    case 'connecting':
      return t('status.connecting');
    case 'queued':
      return state.queue ? queueWording(state.locale, state.queue.position, state.queue.estimatedWaitSeconds) : t('status.queue.waiting');
    case 'active':
      return t('status.active');
    case 'reconnecting':
      return t('status.reconnecting');
  }
}

/** Why the session stopped, and what its one button does: resume, or start afresh. */
export function stopWording(reason: StopReason | null): { message: TextKey; action: TextKey } {
  switch (reason) {
    case 'replaced':
      return { message: 'status.replaced', action: 'status.retry' };
    case 'limited':
      return { message: 'error.too-many-conversations', action: 'status.retry' };
    case 'blocked':
      return { message: 'error.blocked', action: 'ended.again' };
    case 'gone':
      return { message: 'error.unknown-conversation', action: 'ended.again' };
    case 'refused':
      return { message: 'error.unavailable', action: 'status.retry' };
    case 'unreachable':
    case null:
      return { message: 'status.unreachable', action: 'status.retry' };
  }
}

export function endedWording(by: EndedBy | null): TextKey {
  switch (by) {
    case 'counsellor':
      return 'ended.counsellor';
    case 'visitor':
      return 'ended.visitor';
    case 'hub':
    case null:
      return 'ended.hub';
  }
}
