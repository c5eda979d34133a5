import type { LogEntry } from './conversationLog';
import { h } from './dom';
import { noticeKey, text, type WidgetLocale } from './widgetText';

/**
 * The log's DOM: one list item per entry, every string set as text. Links are not made
 * clickable and nothing is fetched for a message (no previews, no images), so a message cannot
 * run anything or phone home.
 */
export class LogView {
  private readonly items = new Map<number, HTMLLIElement>();

  constructor(readonly list: HTMLOListElement) {}

  upsert(entry: LogEntry, locale: WidgetLocale): void {
    const item = renderEntry(entry, locale);
    const existing = this.items.get(entry.id);
    if (existing) existing.replaceWith(item);
    else this.list.append(item);
    this.items.set(entry.id, item);
  }

  remove(id: number): void {
    this.items.get(id)?.remove();
    this.items.delete(id);
  }

  rebuild(entries: readonly LogEntry[], locale: WidgetLocale): void {
    this.clear();
    for (const entry of entries) this.upsert(entry, locale);
  }

  clear(): void {
    this.items.clear();
    this.list.replaceChildren();
  }
}

function renderEntry(entry: LogEntry, locale: WidgetLocale): HTMLLIElement {
  const sender = text(locale, entry.from === 'visitor' ? 'sender.visitor' : entry.from === 'counsellor' ? 'sender.counsellor' : 'sender.system');
  const body = entry.from === 'system' && entry.notice !== null ? text(locale, noticeKey(entry.notice)) : entry.text;
  const meta = h('p', { class: 'message-meta' }, h('span', { class: entry.from === 'system' ? 'message-sender visually-hidden' : 'message-sender' }, sender));
  const time = entry.sentAt === null ? null : clockTime(locale, entry.sentAt);
  if (time !== null && entry.from !== 'system') meta.append(' ', h('time', { datetime: entry.sentAt ?? '' }, time));
  const item = h('li', { class: `message from-${entry.from}`, 'data-testid': 'chat-message', 'data-from': entry.from, 'data-state': entry.state }, meta, h('p', { class: 'message-text' }, body));
  if (entry.state !== 'sent') item.append(h('p', { class: 'message-state' }, text(locale, entry.state === 'pending' ? 'message.sending' : 'message.notSent')));
  return item;
}

function clockTime(locale: WidgetLocale, iso: string): string | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  return new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { hour: '2-digit', minute: '2-digit' }).format(at);
}
