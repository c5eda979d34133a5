import { describe, expect, test } from 'vitest';
import type { DeskConversation, DeskMessage } from '../../shared/contract/schemas';
import { CHAT_FRAME_MAX_BYTES, CHAT_HANDOVER_MAX_MESSAGES, counsellorMessageSchema } from '../../shared/hub/chatApi';
import { transferFrame } from './chatHandover';

const A = '6f1c2a4e-8b1d-4c9e-9a57-0c3e5b7d9f11';
const COLLEAGUE = '0c0c0c0c-0c0c-4c0c-8c0c-0c0c0c0c0c0c';
const at = (seq: number) => new Date(Date.UTC(2025, 2, 4, 10, 0, seq)).toISOString();

function accepted(seq: number, from: DeskMessage['from'], text = `m${seq}`): DeskMessage {
  return { seq, from, text, notice: from === 'system' ? 'counsellor-joined' : null, sentAt: at(seq), clientId: null, pending: false };
}

function conversation(messages: DeskMessage[]): DeskConversation {
  return { conversationId: A, state: 'active', startedAt: at(0), endedAt: null, escalated: false, visitorTyping: false, readSeq: 0, messages };
}

describe('transferFrame', () => {
  test("hands over the visitor's and the counsellor's accepted messages, oldest first; no notices, nothing pending", () => {
    const frame = transferFrame(
      conversation([
        accepted(1, 'system'),
        accepted(2, 'visitor', 'Hej'),
        accepted(3, 'counsellor', 'Hej, jeg hedder Sara'),
        accepted(4, 'visitor', 'Jeg kan ikke sove'),
        { seq: null, from: 'counsellor', text: 'ikke sendt', notice: null, sentAt: at(5), clientId: 'c-9', pending: true },
      ]),
      COLLEAGUE,
    );
    expect(frame).toEqual({
      type: 'transfer',
      conversationId: A,
      toUserId: COLLEAGUE,
      handover: [
        { seq: 2, from: 'visitor', text: 'Hej', sentAt: at(2) },
        { seq: 3, from: 'counsellor', text: 'Hej, jeg hedder Sara', sentAt: at(3) },
        { seq: 4, from: 'visitor', text: 'Jeg kan ikke sove', sentAt: at(4) },
      ],
    });
    expect(counsellorMessageSchema.safeParse(frame).success).toBe(true);
  });

  test('a long conversation: the newest CHAT_HANDOVER_MAX_MESSAGES', () => {
    const messages = Array.from({ length: CHAT_HANDOVER_MAX_MESSAGES + 50 }, (_, index) => accepted(index + 1, index % 2 ? 'counsellor' : 'visitor'));
    const { handover } = transferFrame(conversation(messages), null);
    expect(handover).toHaveLength(CHAT_HANDOVER_MAX_MESSAGES);
    expect(handover[0]?.seq).toBe(51);
    expect(handover.at(-1)?.seq).toBe(CHAT_HANDOVER_MAX_MESSAGES + 50);
  });

  test('long messages: the newest that keep the frame within CHAT_FRAME_MAX_BYTES on the wire', () => {
    // Two UTF-8 bytes a character, and quotes JSON escapes: far more than one frame holds.
    const messages = Array.from({ length: 40 }, (_, index) => accepted(index + 1, 'visitor', `${'æ'.repeat(3_990)}"${index}"`));
    const frame = transferFrame(conversation(messages), COLLEAGUE);
    const bytes = Buffer.byteLength(JSON.stringify(frame));
    expect(bytes).toBeLessThanOrEqual(CHAT_FRAME_MAX_BYTES);
    expect(frame.handover.length).toBeGreaterThan(1);
    expect(frame.handover.at(-1)?.seq).toBe(40);
    expect(frame.handover.map((message) => message.seq)).toEqual(Array.from({ length: frame.handover.length }, (_, index) => 41 - frame.handover.length + index));
    // One more would not fit.
    const oneMore = { ...frame, handover: [{ seq: 1, from: 'visitor', text: messages[0]?.text, sentAt: at(1) }, ...frame.handover] };
    expect(Buffer.byteLength(JSON.stringify(oneMore))).toBeGreaterThan(CHAT_FRAME_MAX_BYTES);
    expect(counsellorMessageSchema.safeParse(frame).success).toBe(true);
  });
});
