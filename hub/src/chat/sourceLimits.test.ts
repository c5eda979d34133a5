import { describe, expect, it } from 'vitest';
import { defaultHubPolicy, type ChatPolicy } from '../policy/hubPolicy';
import { createSourceLimits } from './sourceLimits';

describe('per-source limits', () => {
  const policy: ChatPolicy = { ...defaultHubPolicy.chat, connectionsPerSourcePerMinute: 3, maxOpenConversationsPerSource: 2 };

  it('lets a source open so many connections per minute, counted in a sliding minute', () => {
    const limits = createSourceLimits(() => policy);
    expect([0, 10_000, 20_000, 30_000].map((at) => limits.admitConnection('h', at))).toEqual([true, true, true, false]);
    expect(limits.admitConnection('other', 30_000)).toBe(true);
    expect(limits.admitConnection('h', 60_000)).toBe(true);
    expect(limits.admitConnection('h', 60_001)).toBe(false);
  });

  it('counts open conversations per source', () => {
    const limits = createSourceLimits(() => policy);
    limits.conversationOpened('h');
    expect(limits.mayOpenConversation('h')).toBe(true);
    limits.conversationOpened('h');
    expect(limits.mayOpenConversation('h')).toBe(false);
    limits.conversationClosed('h');
    expect(limits.mayOpenConversation('h')).toBe(true);
  });

  it('blocks until a time, and forgets everything that no longer counts', () => {
    const limits = createSourceLimits(() => policy);
    limits.block('h', 1_000);
    limits.block('h', 500);
    expect(limits.isBlocked('h', 999)).toBe(true);
    expect(limits.isBlocked('h', 1_000)).toBe(false);
    limits.admitConnection('g', 0);
    limits.conversationOpened('f');
    expect(limits.size).toBe(3);
    limits.conversationClosed('f');
    limits.sweep(61_000);
    expect(limits.size).toBe(0);
  });
});
