import type { ChatMessage, ChatSender, SystemNotice } from '../shared/hub/chatApi';

/**
 * The conversation as the page holds it, in memory only (never in storage: a reload shows only
 * what the hub sends again, and quick exit drops it). The visitor's own messages appear at once as
 * `pending` and become `sent` when the hub echoes them; a refused one is `failed`, text kept.
 */
export interface LogEntry {
  id: number;
  from: ChatSender;
  text: string;
  notice: SystemNotice | null;
  sentAt: string | null;
  clientId: string | null;
  state: 'pending' | 'sent' | 'failed';
}

export class ConversationLog {
  private list: LogEntry[] = [];
  private nextId = 1;

  get entries(): readonly LogEntry[] {
    return this.list;
  }

  addPending(clientId: string, text: string): LogEntry {
    return this.push({ from: 'visitor', text, notice: null, sentAt: null, clientId, state: 'pending' });
  }

  /** A message from the hub; the echo of a pending one turns it into `sent` (with the hub's cleaned text). */
  receive(message: ChatMessage, clientId: string | null): LogEntry {
    const mine = clientId === null ? undefined : this.list.find((entry) => entry.clientId === clientId && entry.state !== 'sent');
    if (mine) {
      Object.assign(mine, { text: message.text, sentAt: message.sentAt, state: 'sent' });
      return mine;
    }
    return this.push({ from: message.from, text: message.text, notice: message.notice, sentAt: message.sentAt, clientId, state: 'sent' });
  }

  /** The hub refused a message: it stays in the log, marked, so its text is not lost. */
  markFailed(clientId: string): LogEntry | null {
    const entry = this.list.find((candidate) => candidate.clientId === clientId && candidate.state === 'pending');
    if (!entry) return null;
    entry.state = 'failed';
    return entry;
  }

  remove(id: number): void {
    this.list = this.list.filter((entry) => entry.id !== id);
  }

  clear(): void {
    this.list = [];
  }

  private push(entry: Omit<LogEntry, 'id'>): LogEntry {
    const added = { ...entry, id: this.nextId++ };
    this.list.push(added);
    return added;
  }
}
