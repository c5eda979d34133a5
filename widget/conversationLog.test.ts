import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../shared/hub/chatApi';
import { ConversationLog } from './conversationLog';

const message = (seq: number, from: ChatMessage['from'], text: string): ChatMessage => ({ seq, from, text, notice: null, sentAt: '2025-12-24T09:00:00.000Z' });

describe('the conversation in the page’s memory', () => {
  it('shows a sent message at once and turns it into the hub’s echo (with the hub’s cleaned text)', () => {
    const log = new ConversationLog();
    const pending = log.addPending('c1', 'hej\u0007');
    expect(pending.state).toBe('pending');
    log.receive(message(1, 'counsellor', 'hej med dig'), null);
    const echoed = log.receive(message(2, 'visitor', 'hej'), 'c1');
    expect(echoed.id).toBe(pending.id);
    expect(log.entries.map((entry) => [entry.from, entry.text, entry.state])).toEqual([
      ['visitor', 'hej', 'sent'],
      ['counsellor', 'hej med dig', 'sent'],
    ]);
  });

  it('keeps a refused message, marked, or removes it when its text went back to the box', () => {
    const log = new ConversationLog();
    log.addPending('c1', 'en');
    const second = log.addPending('c2', 'to');
    expect(log.markFailed('c1')?.state).toBe('failed');
    expect(log.markFailed('nope')).toBeNull();
    log.remove(second.id);
    expect(log.entries.map((entry) => [entry.text, entry.state])).toEqual([['en', 'failed']]);
    log.clear();
    expect(log.entries).toEqual([]);
  });

  it('adds an echo it has no pending entry for (after a reload)', () => {
    const log = new ConversationLog();
    log.receive(message(1, 'visitor', 'fra før'), 'old');
    expect(log.entries).toHaveLength(1);
  });
});
