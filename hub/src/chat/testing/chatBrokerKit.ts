import type { ChatMessage, CounsellorEvent, VisitorEvent } from '../../../../shared/hub/chatApi';
import { defaultHubPolicy, type ChatPolicy } from '../../policy/hubPolicy';
import { ChatBroker, type CounsellorLink, type CounsellorSession, type VisitorLink, type VisitorSession } from '../chatBroker';
import { createSourceLimits, type SourceLimits } from '../sourceLimits';

/** A socket as the broker sees it, recording what it was sent and whether it was closed. */
export class RecordingLink<E extends { type: string }> {
  readonly events: E[] = [];
  closed: { code: number; reason: string } | null = null;

  send(event: E): void {
    if (this.closed) throw new Error(`sent ${event.type} on a closed link`);
    this.events.push(event);
  }
  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }
  /** Every event of this type, in order. */
  all<T extends E['type']>(type: T): Extract<E, { type: T }>[] {
    return this.events.filter((event): event is Extract<E, { type: T }> => event.type === type);
  }
  last<T extends E['type']>(type: T): Extract<E, { type: T }> {
    const found = this.all(type).at(-1);
    if (!found) throw new Error(`no ${type} event; got ${this.events.map((event) => event.type).join(', ')}`);
    return found;
  }
  /** Forgets what was recorded. */
  clear(): void {
    this.events.length = 0;
  }
}

export class VisitorLinkRecorder extends RecordingLink<VisitorEvent> implements VisitorLink {
  readonly sealed: { conversationId: string; at: Date }[] = [];
  constructor(readonly seal: VisitorLink['seal'] = null) {
    super();
  }
  /** Messages received, by seq. */
  messages(): ChatMessage[] {
    return this.all('message').map((event) => event.message);
  }
}

export class CounsellorLinkRecorder extends RecordingLink<CounsellorEvent> implements CounsellorLink {
  /** The offer ids received and not (yet) withdrawn. */
  openOffers(): string[] {
    const withdrawn = new Set(this.all('offer-withdrawn').map((event) => event.offerId));
    return this.all('offer')
      .map((event) => event.offer.offerId)
      .filter((id) => !withdrawn.has(id));
  }
}

/** A broker on a clock the test moves, with the default chat policy (changeable per test). */
export function brokerOnClock(overrides: Partial<ChatPolicy> = {}) {
  let nowMs = Date.parse('2025-03-03T10:00:00.000Z');
  const policy: ChatPolicy = { ...defaultHubPolicy.chat, ...overrides };
  const limits: SourceLimits = createSourceLimits(() => policy);
  const transcript: { conversationId: string; message: ChatMessage }[] = [];
  const failures: string[] = [];
  const background: Promise<unknown>[] = [];
  const broker = new ChatBroker({
    now: () => new Date(nowMs),
    policy: () => policy,
    limits,
    keepTranscript: null,
    track: (work) => void background.push(work),
    failed: (what) => void failures.push(what),
  });
  const withTranscript = new ChatBroker({
    now: () => new Date(nowMs),
    policy: () => policy,
    limits: createSourceLimits(() => policy),
    keepTranscript: (conversationId, message) => void transcript.push({ conversationId, message }),
    track: (work) => void background.push(work),
    failed: (what) => void failures.push(what),
  });
  return {
    broker,
    withTranscript,
    transcript,
    policy,
    limits,
    failures,
    /** Moves the clock and lets the broker see it. */
    advance(ms: number): void {
      nowMs += ms;
      broker.tick();
      withTranscript.tick();
    },
    nowMs: () => nowMs,
    settled: () => Promise.allSettled(background),
    /** A visitor from `source` with a new conversation. */
    visitor(source = 'source-a', seal: VisitorLink['seal'] = null, on: ChatBroker = broker): { link: VisitorLinkRecorder; session: VisitorSession } {
      const link = new VisitorLinkRecorder(seal);
      const session = on.openConversation(source, link);
      if (!session) throw new Error(`refused: ${JSON.stringify(link.events)}`);
      return { link, session };
    },
    /** A visitor's new socket saying hello with `token`; `session` null when refused. */
    resume(token: string, seal: VisitorLink['seal'] = null): { link: VisitorLinkRecorder; session: VisitorSession | null } {
      const link = new VisitorLinkRecorder(seal);
      return { link, session: broker.resumeConversation(token, link) };
    },
    /** A counsellor's socket, accepting offers unless told otherwise. */
    counsellor(userId: string, options: { accepting?: boolean; loginId?: string; name?: string; on?: ChatBroker } = {}): { link: CounsellorLinkRecorder; session: CounsellorSession } {
      const link = new CounsellorLinkRecorder();
      const session = (options.on ?? broker).counsellorConnected(
        { userId, loginId: options.loginId ?? `login-${userId}`, displayName: options.name ?? `Rådgiver ${userId.slice(0, 4)}` },
        link,
      );
      if (options.accepting !== false) session.accepting(true);
      return { link, session };
    },
  };
}

/** Ids that pass the contract's uuid check, readable in failures. */
export function userId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
