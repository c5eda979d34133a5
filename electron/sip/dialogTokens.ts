import { randomBytes } from 'node:crypto';
import type { SdpDialogState } from './sdpFilter';

/**
 * The opaque tokens that stand in, inside the renderer, for every caller-side value of one
 * dialog (keyed by the real Call-ID): URIs, tags, Via paths and the Call-ID itself. Stable within
 * the dialog, so the renderer's SIP stack stays consistent; different in every dialog, so
 * nothing in the renderer can link two calls. The real values never leave this module's owner.
 */
export const LOCAL_DOMAIN = 'tavs.invalid';
export const LOCAL_AOR = `sip:counsellor@${LOCAL_DOMAIN}`;

const fresh = (prefix: string): string => `${prefix}${randomBytes(8).toString('hex')}`;

/** Every token shape the firewall hands out; outbound, one left unresolved is refused. */
export function containsToken(text: string): boolean {
  return /\bt[kgvc][0-9a-f]{16}\b/.test(text);
}

export interface Dialog {
  /** The real Call-ID. */
  callId: string;
  /** What the renderer sees as Call-ID: a token, or the renderer's own Call-ID. */
  shownCallId: string;
  /** True when the renderer created this Call-ID (REGISTER, in-dialog requests it starts). */
  ours: boolean;
  /** Tags the renderer created: they are its own, not the caller's. */
  localTags: Set<string>;
  /** CSeq of the first request the remote side sent in this dialog. */
  remoteCseqBase?: number;
  /** How far the main process moved the renderer's CSeq (digest authentication retries). */
  localCseqOffset: number;
  sdp: SdpDialogState;
  /**
   * The server's real Via path of each request it sent, by Via token and method: a CANCEL
   * shares its INVITE's token (same transaction) but has a Via path of its own.
   */
  viaPaths: Map<string, string>;
  /** The Vias the renderer sent, as it wrote them, by branch and method: a response brings one back. */
  localVias: Map<string, string>;
  lastUsed: number;
  endedAt?: number;
}

/** Remembers a per-transaction value; bounded, since a long dialog has many transactions. */
export function remember(map: Map<string, string>, key: string, value: string): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > 256) map.delete(map.keys().next().value ?? '');
}

type Kind = 'uri' | 'tag' | 'via';

export class DialogTokens {
  private readonly dialogs = new Map<string, Dialog>();
  private readonly byShownCallId = new Map<string, Dialog>();
  /** token → real value, and real value (per dialog and kind) → token. */
  private readonly real = new Map<string, { dialog: Dialog; value: string }>();
  private readonly tokens = new Map<string, string>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The dialog for a Call-ID arriving from the SIP server; created on first sight. */
  fromServer(callId: string): Dialog {
    return this.dialogs.get(callId) ?? this.create(callId, fresh('tc'), false);
  }

  /** The dialog of a real Call-ID, if there is one. */
  known(callId: string): Dialog | undefined {
    return this.dialogs.get(callId);
  }

  /** The dialog for a Call-ID the renderer sent: a token it was given, or its own new one. */
  fromRenderer(shownCallId: string): Dialog | null {
    const known = this.byShownCallId.get(shownCallId);
    if (known) return known;
    if (/^tc[0-9a-f]{16}$/.test(shownCallId)) return null;
    return this.create(shownCallId, shownCallId, true);
  }

  token(dialog: Dialog, kind: Kind, value: string): string {
    const key = `${dialog.callId}\n${kind}\n${value}`;
    const existing = this.tokens.get(key);
    if (existing) return existing;
    const token = fresh(kind === 'uri' ? 'tk' : kind === 'tag' ? 'tg' : 'tv');
    this.tokens.set(key, token);
    this.real.set(token, { dialog, value });
    return token;
  }

  /** The real value behind a token, only if the token belongs to this dialog. */
  resolve(dialog: Dialog, token: string): string | null {
    const entry = this.real.get(token);
    return entry && entry.dialog === dialog ? entry.value : null;
  }

  touch(dialog: Dialog): void {
    dialog.lastUsed = this.now();
  }

  end(dialog: Dialog): void {
    dialog.endedAt ??= this.now();
  }

  /** Forgets dialogs that ended more than `graceMs` ago or sat idle longer than `idleMs`. */
  prune(options: { graceMs: number; idleMs: number }): number {
    const now = this.now();
    let removed = 0;
    for (const dialog of this.dialogs.values()) {
      const ended = dialog.endedAt !== undefined && now - dialog.endedAt > options.graceMs;
      if (ended || now - dialog.lastUsed > options.idleMs) {
        this.remove(dialog);
        removed++;
      }
    }
    return removed;
  }

  get size(): number {
    return this.dialogs.size;
  }

  private create(callId: string, shownCallId: string, ours: boolean): Dialog {
    const dialog: Dialog = {
      callId,
      shownCallId,
      ours,
      localTags: new Set(),
      localCseqOffset: 0,
      sdp: {},
      viaPaths: new Map(),
      localVias: new Map(),
      lastUsed: this.now(),
    };
    this.dialogs.set(callId, dialog);
    this.byShownCallId.set(shownCallId, dialog);
    return dialog;
  }

  private remove(dialog: Dialog): void {
    this.dialogs.delete(dialog.callId);
    this.byShownCallId.delete(dialog.shownCallId);
    for (const [token, entry] of this.real) {
      if (entry.dialog === dialog) this.real.delete(token);
    }
    const prefix = `${dialog.callId}\n`;
    for (const key of this.tokens.keys()) {
      if (key.startsWith(prefix)) this.tokens.delete(key);
    }
  }
}
