import { describe, expect, it } from 'vitest';
import { chatErrorCodes, systemNotices, visitorEventSchema, type ChatMessage, type VisitorEvent } from '../shared/hub/chatApi';
import { encodeVisitorMessage, parseVisitorEvent } from './visitorFrames';

const token = 'A'.repeat(43);
const schedule = {
  schedule: { weekly: [[{ opens: '09:00', closes: '17:00' }], [], [], [], [], [], []], exceptions: [{ date: '2025-12-24', intervals: [], label: 'Juleaften' }] },
  timeZone: 'Europe/Copenhagen',
  open: false,
  nextChange: '2025-12-27T08:00:00.000Z',
  todayLabel: 'Juleaften',
};
const message: ChatMessage = { seq: 3, from: 'counsellor', text: '<b>hej</b>', notice: null, sentAt: '2025-12-24T09:00:00.000Z' };

// Every kind of frame the contract allows, as the hub sends it.
const frames: VisitorEvent[] = [
  { type: 'welcome', token, state: 'queued', maxMessageChars: 2000 },
  { type: 'closed', schedule },
  { type: 'queue', position: 2, estimatedWaitSeconds: 180 },
  { type: 'queue', position: 1, estimatedWaitSeconds: null },
  { type: 'message', message, clientId: null },
  { type: 'message', message: { ...message, from: 'system', text: '', notice: 'counsellor-joined' }, clientId: null },
  { type: 'message', message: { ...message, from: 'visitor' }, clientId: 'abc_DEF-1' },
  { type: 'typing', typing: true },
  { type: 'ended', by: 'counsellor' },
  { type: 'error', code: 'rate-limited', clientId: 'abc' },
];

describe('frames from the hub, checked by hand', () => {
  it.each(frames.map((frame) => [frame.type, frame] as const))('reads a %s frame the contract allows, unchanged', (_type, frame) => {
    expect(visitorEventSchema.parse(frame)).toEqual(frame);
    expect(parseVisitorEvent(JSON.stringify(frame))).toEqual(frame);
  });

  it.each([
    ['not JSON', '{'],
    ['a binary frame', new Uint8Array([1, 2])],
    ['an array', '[]'],
    ['an unknown type', JSON.stringify({ type: 'html', html: '<img src=x>' })],
    ['a short token', JSON.stringify({ type: 'welcome', token: 'abc', state: 'queued', maxMessageChars: 10 })],
    ['an unknown state', JSON.stringify({ type: 'welcome', token, state: 'paused', maxMessageChars: 10 })],
    ['position 0', JSON.stringify({ type: 'queue', position: 0, estimatedWaitSeconds: null })],
    ['a fractional wait', JSON.stringify({ type: 'queue', position: 1, estimatedWaitSeconds: 1.5 })],
    ['a message without text', JSON.stringify({ type: 'message', message: { ...message, text: 7 }, clientId: null })],
    ['an unknown notice', JSON.stringify({ type: 'message', message: { ...message, notice: 'party' }, clientId: null })],
    ['an odd clientId', JSON.stringify({ type: 'message', message, clientId: 'has space' })],
    ['an unknown error code', JSON.stringify({ type: 'error', code: 'oops', clientId: null })],
    ['an unknown ender', JSON.stringify({ type: 'ended', by: 'police' })],
    ['a schedule with six days', JSON.stringify({ type: 'closed', schedule: { ...schedule, schedule: { weekly: [[], [], [], [], [], []], exceptions: [] } } })],
    ['a schedule with a bad time', JSON.stringify({ type: 'closed', schedule: { ...schedule, schedule: { weekly: null, exceptions: [{ date: '2025-12-24', intervals: [{ opens: '9', closes: '17:00' }] }] } } })],
  ])('drops %s', (_name, raw) => {
    expect(parseVisitorEvent(raw)).toBeNull();
  });

  // The page keeps its own lists of the contract's error codes and notices (zod would triple its
  // script): a code or notice added to the contract must not be dropped here as unknown.
  it.each(chatErrorCodes)('reads the error code %s', (code) => {
    const frame: VisitorEvent = { type: 'error', code, clientId: null };
    expect(parseVisitorEvent(JSON.stringify(frame))).toEqual(frame);
  });

  it.each(systemNotices)('reads the notice %s', (notice) => {
    const frame: VisitorEvent = { type: 'message', message: { ...message, from: 'system', text: '', notice }, clientId: null };
    expect(parseVisitorEvent(JSON.stringify(frame))).toEqual(frame);
  });

  it('passes message text through as it is: the page renders it as text, never as markup', () => {
    const parsed = parseVisitorEvent(JSON.stringify({ type: 'message', message: { ...message, text: '<script>alert(1)</script>' }, clientId: null }));
    expect(parsed).toMatchObject({ message: { text: '<script>alert(1)</script>' } });
  });

  it('encodes what the page sends as the contract wants it', () => {
    expect(JSON.parse(encodeVisitorMessage({ type: 'hello', token: null }))).toEqual({ type: 'hello', token: null });
    expect(JSON.parse(encodeVisitorMessage({ type: 'ack', seq: 4 }))).toEqual({ type: 'ack', seq: 4 });
  });
});
