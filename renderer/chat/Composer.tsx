import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import type { ChatDesk } from '../../shared/contract/schemas';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { CannedReplies } from './CannedReplies';
import { composerKeyAction, composerState, insertReply, nearLimit } from './composer';
import { TypingSignal } from './typingSignal';

/** How often the pause that ends "skriver" is looked for. */
const TYPING_TICK_MS = 1_000;

/**
 * What the counsellor writes: Enter sends, Shift+Enter starts a new line; a counter against
 * the policy's limit; canned replies go in at the cursor. The visitor sees "skriver" while the
 * counsellor types (throttled, see TypingSignal). While the link is down the counsellor can go
 * on writing; only sending waits.
 */
export function Composer(props: { conversationId: string; desk: ChatDesk }): React.JSX.Element {
  const t = useT();
  const id = props.conversationId;
  const text = useAppStore((state) => state.chat.composer[id] ?? '');
  const sending = useAppStore((state) => state.chat.sending[id] === true);
  const setText = useAppStore((state) => state.setChatComposer);
  const send = useAppStore((state) => state.sendChatMessage);
  const sendTyping = useAppStore((state) => state.sendChatTyping);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [signal] = useState(() => new TypingSignal());
  const textarea = useRef<HTMLTextAreaElement>(null);
  /** Where the cursor goes after a canned reply went in (set after React has rendered the text). */
  const cursor = useRef<number | null>(null);
  const online = props.desk.link === 'online';
  const state = composerState(text, props.desk.maxMessageChars, online);

  useEffect(() => {
    const timer = setInterval(() => {
      if (signal.tick(Date.now()) === false) sendTyping(id, false);
    }, TYPING_TICK_MS);
    return () => {
      clearInterval(timer);
      // Leaving the tab (or the chat leaving the desk) ends "skriver" for the visitor.
      if (signal.stop() === false) sendTyping(id, false);
    };
  }, [id, signal, sendTyping]);

  useLayoutEffect(() => {
    if (cursor.current === null || !textarea.current) return;
    textarea.current.setSelectionRange(cursor.current, cursor.current);
    cursor.current = null;
  }, [text]);

  const change = (value: string): void => {
    setText(id, value);
    setError(null);
    const typing = signal.input(Date.now(), value.trim() === '');
    if (typing !== null) sendTyping(id, typing);
  };

  const submit = (event?: FormEvent): void => {
    event?.preventDefault();
    if (!state.canSend || sending) return;
    if (signal.stop() === false) sendTyping(id, false);
    setError(null);
    void send(id).then(setError);
    textarea.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    const { key, shiftKey, altKey, ctrlKey, metaKey } = event;
    if (composerKeyAction({ key, shiftKey, altKey, ctrlKey, metaKey, isComposing: event.nativeEvent.isComposing }) !== 'send') return;
    event.preventDefault();
    submit();
  };

  const insert = (reply: string): void => {
    const element = textarea.current;
    const at = insertReply(text, reply, element?.selectionStart ?? text.length, element?.selectionEnd ?? text.length);
    cursor.current = at.cursor;
    change(at.text);
    element?.focus();
  };

  const counterClass = state.tooLong ? 'error' : nearLimit(state) ? 'warning' : 'hint';
  return (
    <form className="chat-composer" onSubmit={submit} noValidate>
      <label htmlFor={`chat-composer-${id}`}>{t('chat.composer.label')}</label>
      <textarea
        ref={textarea}
        id={`chat-composer-${id}`}
        data-testid="chat-composer"
        rows={3}
        value={text}
        aria-invalid={state.tooLong}
        aria-describedby={`chat-composer-hint-${id} chat-composer-count-${id}`}
        onChange={(event) => change(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (signal.stop() === false) sendTyping(id, false);
        }}
      />
      <div className="chat-composer-bar">
        <CannedReplies onPick={insert} />
        <span id={`chat-composer-count-${id}`} className={`chat-count ${counterClass}`} data-testid="chat-char-count" data-length={state.length} data-limit={state.limit}>
          {t('chat.composer.count', { count: String(state.length), max: String(state.limit) })}
        </span>
        <button type="submit" data-testid="chat-send" disabled={!state.canSend || sending}>
          {t('chat.send')}
        </button>
      </div>
      <p id={`chat-composer-hint-${id}`} className="hint">
        {t('chat.composer.hint')}
      </p>
      {state.tooLong && (
        <p className="error" role="alert" data-testid="chat-too-long">
          {t('chat.composer.tooLong', { max: String(state.limit) })}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="chat-send-error" data-code={error}>
          {t('chat.sendFailed', { reason: t(errorKey(error)) })}
        </p>
      )}
    </form>
  );
}
