import type { StateCreator } from 'zustand';
import type { ErrorCode } from '../../shared/contract/result';
import type { ChatDesk, DeskConversation } from '../../shared/contract/schemas';
import type { CannedReply, TransferTargetsResponse } from '../../shared/hub/chatApi';
import { ApiCallError, call } from '../api/tavs';
import { composerState, newClientId } from '../chat/composer';
import { latestSeq, numberConversations, selectedConversationId } from '../chat/deskModel';
import type { RecordsView } from '../records/recordsState';
import type { AppState } from './appStore';

/** The record of a chat that has ended: asked for, open in the records panel, or not to be had. */
export type ChatWrapUp = { state: 'starting' } | { state: 'started'; draftId: string } | { state: 'failed'; error: ErrorCode };

export interface ChatView {
  status: 'idle' | 'loading' | 'ready' | 'failed';
  /** The main process's desk (`chat:state`, then every `chat:changed`); null until loaded. */
  desk: ChatDesk | null;
  error: ErrorCode | null;
  /** The conversation whose tab is open. */
  selected: string | null;
  /** "Chat 3": a number per conversation for its tab, stable for the shift. */
  numbers: Record<string, number>;
  nextNumber: number;
  /** What the counsellor has typed per conversation, kept while they switch tabs. */
  composer: Record<string, string>;
  /** Conversations whose message is on its way (Enter twice must not send it twice). */
  sending: Record<string, true>;
  wrapUps: Record<string, ChatWrapUp>;
  /** The administrator's canned replies; null until loaded (or when they could not be). */
  cannedReplies: CannedReply[] | null;
}

export interface ChatSlice {
  chat: ChatView;
  /** Called when the chat desk mounts; live updates then come as `chat:changed`. */
  loadChat: () => Promise<void>;
  applyChatDesk: (desk: ChatDesk) => void;
  /** Resolves with null when done, or with the reason it was not. */
  acceptChatOffer: (offerId: string) => Promise<ErrorCode | null>;
  declineChatOffer: (offerId: string) => Promise<ErrorCode | null>;
  selectChat: (conversationId: string) => void;
  setChatComposer: (conversationId: string, text: string) => void;
  sendChatMessage: (conversationId: string) => Promise<ErrorCode | null>;
  sendChatTyping: (conversationId: string, typing: boolean) => void;
  /** The tab is on screen: everything in it is seen. */
  markChatRead: (conversationId: string) => void;
  endChat: (conversationId: string) => Promise<ErrorCode | null>;
  loadTransferTargets: () => Promise<TransferTargetsResponse | ErrorCode>;
  /** To a colleague, or (null) back to the front of the queue. */
  transferChat: (conversationId: string, toUserId: string | null) => Promise<ErrorCode | null>;
  escalateChat: (conversationId: string) => Promise<ErrorCode | null>;
  blockChat: (conversationId: string) => Promise<ErrorCode | null>;
  /** "Klar" after the wrap-up: refused while the chat's record form is open or still coming. */
  dismissChat: (conversationId: string) => Promise<ErrorCode | null>;
  /** Logout: answers still on their way are dropped; resetAll puts the initial state back. */
  stopChat: () => void;
}

export const initialChatView: ChatView = {
  status: 'idle',
  desk: null,
  error: null,
  selected: null,
  numbers: {},
  nextNumber: 1,
  composer: {},
  sending: {},
  wrapUps: {},
  cannedReplies: null,
};

const codeOf = (error: unknown): ErrorCode => (error instanceof ApiCallError ? error.code : 'internal');

/** Keeps only the entries of conversations still on the desk. */
function onDesk<T>(entries: Readonly<Record<string, T>>, desk: ChatDesk): Record<string, T> {
  const ids = new Set(desk.conversations.map((conversation) => conversation.conversationId));
  return Object.fromEntries(Object.entries(entries).filter(([id]) => ids.has(id)));
}

/**
 * Whether the chat's record still keeps "Klar" back: the draft is being made, or it is the one
 * open in the form. Once stored or left as a draft (or when none could be made) the chat may go.
 */
export function chatRecordBlocks(records: RecordsView, wrapUp: ChatWrapUp | undefined): boolean {
  if (!wrapUp) return true;
  switch (wrapUp.state) {
    case 'starting':
      return true;
    case 'started':
      return records.draft?.draftId === wrapUp.draftId;
    case 'failed':
      return false;
  }
}

export const createChatSlice: StateCreator<AppState, [], [], ChatSlice> = (set, get) => {
  /** Bumped on logout: answers to requests of the previous shift are dropped. */
  let generation = 0;
  /** The highest seq sent with `chat:markRead` per conversation, so a re-render does not send it again. */
  const readSent = new Map<string, number>();
  /** The conversation of the offer last accepted, to open in its tab when it arrives. */
  let acceptedId: string | null = null;
  const patch = (changes: Partial<ChatView>): void => set((state) => ({ chat: { ...state.chat, ...changes } }));
  /** The desk is the counsellor's, of the session logged in now. */
  const working = (): boolean => {
    const { session } = get();
    return session?.status === 'active' && session.role === 'counsellor';
  };

  /** Runs a desk action; its answer (the whole desk) is applied like a pushed one. */
  const act = async (request: () => Promise<ChatDesk>): Promise<ErrorCode | null> => {
    const asked = generation;
    try {
      const desk = await request();
      if (asked === generation) get().applyChatDesk(desk);
      return null;
    } catch (error) {
      return codeOf(error);
    }
  };

  /** A conversation has ended (either side, or a block): its record opens in the records panel. */
  const startWrapUp = (conversation: DeskConversation): void => {
    const { conversationId } = conversation;
    const asked = generation;
    patch({ wrapUps: { ...get().chat.wrapUps, [conversationId]: { state: 'starting' } } });
    get().applyRecordDraft({ type: 'starting' });
    const startedAt = Date.parse(conversation.startedAt);
    const endedAt = Math.max(conversation.endedAt ? Date.parse(conversation.endedAt) : Date.now(), startedAt);
    const setWrapUp = (wrapUp: ChatWrapUp): boolean => {
      if (asked !== generation || !get().chat.wrapUps[conversationId]) return false;
      patch({ wrapUps: { ...get().chat.wrapUps, [conversationId]: wrapUp } });
      return true;
    };
    call('records:startDraft', { channel: 'chat', callId: null, startedAt, endedAt }).then(
      (draft) => {
        if (setWrapUp({ state: 'started', draftId: draft.draftId })) get().applyRecordDraft({ type: 'started', draft });
      },
      (error: unknown) => {
        const code = codeOf(error);
        if (setWrapUp({ state: 'failed', error: code })) get().applyRecordDraft({ type: 'failed', error: code });
      },
    );
  };

  return {
    chat: initialChatView,
    loadChat: async () => {
      if (!working()) return;
      const asked = generation;
      patch({ status: get().chat.desk ? 'ready' : 'loading', error: null });
      const replies = call('chat:cannedReplies', {}).then(
        ({ replies: list }) => {
          if (asked === generation) patch({ cannedReplies: list });
        },
        // Without canned replies the counsellor types; nothing else depends on them.
        () => undefined,
      );
      try {
        const desk = await call('chat:state', {});
        if (asked === generation) get().applyChatDesk(desk);
      } catch (error) {
        if (asked === generation && working()) patch({ status: 'failed', error: codeOf(error) });
      }
      await replies;
    },
    applyChatDesk: (desk) => {
      if (!working()) return;
      const { chat } = get();
      const numbered = numberConversations(chat.numbers, chat.nextNumber, desk.conversations);
      for (const id of readSent.keys()) if (!(id in numbered.numbers)) readSent.delete(id);
      patch({
        status: 'ready',
        error: null,
        desk,
        numbers: numbered.numbers,
        nextNumber: numbered.next,
        selected: selectedConversationId(desk, chat.selected),
        composer: onDesk(chat.composer, desk),
        sending: onDesk(chat.sending, desk),
        wrapUps: onDesk(chat.wrapUps, desk),
      });
      // A conversation that ended (whoever ended it) gets its record once; one that arrives
      // already ended after a restart of the renderer gets one too.
      for (const conversation of desk.conversations) {
        if (conversation.state === 'ended' && !get().chat.wrapUps[conversation.conversationId]) startWrapUp(conversation);
      }
      // The conversation just accepted opens in its tab, whether it arrives with the answer or after it.
      if (acceptedId !== null && desk.conversations.some((conversation) => conversation.conversationId === acceptedId)) {
        patch({ selected: acceptedId });
        acceptedId = null;
      }
    },
    acceptChatOffer: async (offerId) => {
      const offer = get().chat.desk?.offers.find((entry) => entry.offerId === offerId);
      if (offer) acceptedId = offer.conversationId;
      const code = await act(() => call('chat:accept', { offerId }));
      if (code !== null && acceptedId === offer?.conversationId) acceptedId = null;
      return code;
    },
    declineChatOffer: (offerId) => act(() => call('chat:decline', { offerId })),
    selectChat: (conversationId) => {
      if (get().chat.desk?.conversations.some((conversation) => conversation.conversationId === conversationId)) patch({ selected: conversationId });
    },
    setChatComposer: (conversationId, text) => patch({ composer: { ...get().chat.composer, [conversationId]: text } }),
    sendChatMessage: async (conversationId) => {
      const { desk, composer, sending } = get().chat;
      const text = composer[conversationId] ?? '';
      if (!desk || sending[conversationId] || !composerState(text, desk.maxMessageChars, desk.link === 'online').canSend) return null;
      const asked = generation;
      // The composer empties at once (the message shows as pending); a refusal puts the text back.
      patch({ composer: { ...composer, [conversationId]: '' }, sending: { ...sending, [conversationId]: true } });
      const code = await act(() => call('chat:send', { conversationId, clientId: newClientId(), text: text.trim() }));
      if (asked !== generation) return code;
      patch({ sending: Object.fromEntries(Object.entries(get().chat.sending).filter(([id]) => id !== conversationId)) });
      const current = get().chat.composer[conversationId] ?? '';
      const stillHere = get().chat.desk?.conversations.some((conversation) => conversation.conversationId === conversationId);
      if (code !== null && current === '' && stillHere) patch({ composer: { ...get().chat.composer, [conversationId]: text } });
      return code;
    },
    sendChatTyping: (conversationId, typing) => {
      if (!working()) return;
      // A lost typing signal is harmless: the next keystroke or pause sends another.
      call('chat:typing', { conversationId, typing }).catch(() => undefined);
    },
    markChatRead: (conversationId) => {
      const conversation = get().chat.desk?.conversations.find((entry) => entry.conversationId === conversationId);
      if (!conversation) return;
      const seq = latestSeq(conversation);
      if (seq <= conversation.readSeq || (readSent.get(conversationId) ?? -1) >= seq) return;
      readSent.set(conversationId, seq);
      void act(() => call('chat:markRead', { conversationId, seq })).then((code) => {
        // Not marked: the next look at the tab tries again.
        if (code !== null && readSent.get(conversationId) === seq) readSent.delete(conversationId);
      });
    },
    endChat: (conversationId) => act(() => call('chat:end', { conversationId })),
    loadTransferTargets: async () => {
      try {
        return await call('chat:transferTargets', {});
      } catch (error) {
        return codeOf(error);
      }
    },
    transferChat: (conversationId, toUserId) => act(() => call('chat:transfer', { conversationId, toUserId })),
    escalateChat: (conversationId) => act(() => call('chat:escalate', { conversationId })),
    blockChat: (conversationId) => act(() => call('chat:block', { conversationId })),
    dismissChat: async (conversationId) => {
      if (chatRecordBlocks(get().records, get().chat.wrapUps[conversationId])) return null;
      return act(() => call('chat:dismiss', { conversationId }));
    },
    stopChat: () => {
      generation += 1;
      readSent.clear();
      acceptedId = null;
    },
  };
};

/** On logout nothing of the chats (messages, typed text, colleagues' names) stays in the renderer. */
export const initialChatShiftState = { chat: initialChatView } satisfies Partial<ChatSlice>;
