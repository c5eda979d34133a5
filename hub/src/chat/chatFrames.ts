import type { RawData } from 'ws';
import type { z } from 'zod';
import { CHAT_TEXT_MAX_CHARS, conversationIdSchema } from '../../../shared/hub/chatApi';
import { readJsonFrame } from '../http/socketFrames';

export type ParsedFrame<T> =
  | { ok: true; message: T }
  /** What was wrong, with the frame's own ids when they are well-formed, so the sender can match the refusal. */
  | { ok: false; code: 'invalid-message' | 'message-too-large'; clientId: string | null; conversationId: string | null };

const clientIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * One JSON text frame of a chat socket against its schema. A message whose text is over the
 * contract's limit is `message-too-large` (the sender may shorten it), anything else that does
 * not validate is `invalid-message`. Frames above CHAT_FRAME_MAX_BYTES never get here: ws closes
 * the socket (1009) before.
 */
export function parseChatFrame<T>(data: RawData, isBinary: boolean, schema: z.ZodType<T>): ParsedFrame<T> {
  const invalid = { ok: false, code: 'invalid-message', clientId: null, conversationId: null } as const;
  if (isBinary) return invalid;
  const frame = readJsonFrame(data);
  if (!frame) return invalid;
  const { json } = frame;
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  if (typeof json !== 'object' || json === null) return invalid;
  const fields = json as Record<string, unknown>;
  const clientId = typeof fields.clientId === 'string' && clientIdPattern.test(fields.clientId) ? fields.clientId : null;
  const conversationId = conversationIdSchema.safeParse(fields.conversationId).success ? (fields.conversationId as string) : null;
  const tooLong = fields.type === 'message' && typeof fields.text === 'string' && fields.text.length > CHAT_TEXT_MAX_CHARS;
  return { ok: false, code: tooLong ? 'message-too-large' : 'invalid-message', clientId, conversationId };
}

/**
 * How many frames a socket may send per window before the rest are refused: typing indicators
 * and acks are cheap, but a client looping on them is not a conversation.
 */
export class FrameBudget {
  private windowStartMs = 0;
  private count = 0;

  constructor(
    private readonly perWindow: number,
    private readonly windowMs: number,
  ) {}

  /** False once the window's budget is spent; `first` is true for the first refusal of a window. */
  take(nowMs: number): { ok: boolean; first: boolean } {
    if (nowMs - this.windowStartMs >= this.windowMs) {
      this.windowStartMs = nowMs;
      this.count = 0;
    }
    this.count += 1;
    return { ok: this.count <= this.perWindow, first: this.count === this.perWindow + 1 };
  }
}
