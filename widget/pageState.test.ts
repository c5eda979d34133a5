import { describe, expect, it } from 'vitest';
import type { ChatScheduleView } from '../shared/hub/chatApi';
import { statusLine, stopWording, visibleSections, type PageState } from './pageState';

const schedule = (open: boolean): ChatScheduleView => ({ schedule: { weekly: null, exceptions: [] }, timeZone: 'Europe/Copenhagen', open, nextChange: null, todayLabel: null });
const base: PageState = {
  locale: 'da',
  phase: 'idle',
  stopReason: null,
  endedBy: null,
  schedule: null,
  scheduleFailed: false,
  queue: null,
  maxMessageChars: 2000,
  counsellorTyping: false,
  hasLog: false,
};
const sections = (state: Partial<PageState>): string[] => [...visibleSections({ ...base, ...state })].sort();

describe('what the page shows when', () => {
  it('before starting: the hours, then the start button (open, or hours unknown) or the closed message', () => {
    expect(sections({})).toEqual(['hours']);
    expect(sections({ schedule: schedule(true) })).toEqual(['hours', 'intro']);
    expect(sections({ scheduleFailed: true })).toEqual(['hours', 'intro']);
    expect(sections({ schedule: schedule(false) })).toEqual(['closed', 'hours']);
  });

  it('in a conversation: the log and the message box; connecting: the log only', () => {
    expect(sections({ phase: 'connecting' })).toEqual(['conversation']);
    for (const phase of ['queued', 'active', 'reconnecting'] as const) expect(sections({ phase })).toEqual(['composer', 'conversation']);
  });

  it('after the end: the ending (the log stays readable), and chat closed mid-way offers a start once open', () => {
    expect(sections({ phase: 'ended', hasLog: true })).toEqual(['conversation', 'ended']);
    expect(sections({ phase: 'stopped' })).toEqual(['stopped']);
    expect(sections({ phase: 'closed' })).toEqual(['closed', 'hours']);
    expect(sections({ phase: 'closed', schedule: schedule(true) })).toEqual(['hours', 'intro']);
  });

  it('words the status line for the queue, the conversation and a drop', () => {
    expect(statusLine({ ...base, phase: 'queued', queue: { position: 2, estimatedWaitSeconds: 180 } })).toBe('Du er nummer 2 i køen. Forventet ventetid: ca. 3 minutter.');
    expect(statusLine({ ...base, phase: 'queued' })).toBe('Du venter på en rådgiver.');
    expect(statusLine({ ...base, phase: 'active' })).toBe('Du skriver med en rådgiver.');
    expect(statusLine({ ...base, phase: 'reconnecting' })).toBe('Forbindelsen blev afbrudt. Vi prøver at genoprette den …');
    expect(statusLine({ ...base, phase: 'idle' })).toBe('');
  });

  it('offers a fresh start after a block or a lost conversation, a retry otherwise', () => {
    expect(stopWording('gone').action).toBe('ended.again');
    expect(stopWording('blocked').action).toBe('ended.again');
    expect(stopWording('unreachable')).toEqual({ message: 'status.unreachable', action: 'status.retry' });
  });
});
