import type { KeyboardEvent } from 'react';
import type { ChatDesk, DeskConversation } from '../../shared/contract/schemas';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { ChatConversation } from './ChatConversation';
import { unreadCount } from './deskModel';

/**
 * The counsellor's chats as tabs (the WAI-ARIA tabs pattern: arrow keys move between them),
 * each with a marker for the visitor's messages not yet seen, and the open chat below.
 */
export function ChatTabs(props: { desk: ChatDesk }): React.JSX.Element {
  const t = useT();
  const selected = useAppStore((state) => state.chat.selected);
  const numbers = useAppStore((state) => state.chat.numbers);
  const select = useAppStore((state) => state.selectChat);
  const { conversations } = props.desk;
  const open = conversations.find((conversation) => conversation.conversationId === selected);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = conversations.findIndex((conversation) => conversation.conversationId === selected);
    const target = ((): number | null => {
      switch (event.key) {
        case 'ArrowRight':
          return (index + 1) % conversations.length;
        case 'ArrowLeft':
          return (index - 1 + conversations.length) % conversations.length;
        case 'Home':
          return 0;
        case 'End':
          return conversations.length - 1;
        default:
          return null;
      }
    })();
    const id = target === null ? undefined : conversations[target]?.conversationId;
    if (id === undefined) return;
    event.preventDefault();
    select(id);
    document.getElementById(`chat-tab-${id}`)?.focus();
  };

  return (
    <>
      <div className="chat-tabs" role="tablist" aria-label={t('chat.tabs')} onKeyDown={onKeyDown}>
        {conversations.map((conversation) => (
          <ChatTab
            key={conversation.conversationId}
            conversation={conversation}
            number={numbers[conversation.conversationId] ?? 0}
            selected={conversation.conversationId === selected}
            onSelect={() => select(conversation.conversationId)}
          />
        ))}
      </div>
      {open && <ChatConversation key={open.conversationId} conversation={open} desk={props.desk} />}
    </>
  );
}

function ChatTab(props: {
  conversation: DeskConversation;
  number: number;
  selected: boolean;
  onSelect: () => void;
}): React.JSX.Element {
  const t = useT();
  const { conversation } = props;
  const id = conversation.conversationId;
  const unread = unreadCount(conversation);
  return (
    <button
      type="button"
      role="tab"
      id={`chat-tab-${id}`}
      className="chat-tab"
      aria-selected={props.selected}
      aria-controls={`chat-panel-${id}`}
      tabIndex={props.selected ? 0 : -1}
      data-testid={`chat-tab-${id}`}
      data-state={conversation.state}
      data-unread={unread}
      onClick={props.onSelect}
    >
      <span>{t('chat.tab.label', { number: String(props.number) })}</span>
      {conversation.escalated && <span className="chat-tab-flag escalated">{t('chat.tab.escalated')}</span>}
      {conversation.state === 'visitor-away' && <span className="chat-tab-flag">{t('chat.tab.away')}</span>}
      {conversation.state === 'ended' && <span className="chat-tab-flag">{t('chat.tab.ended')}</span>}
      {unread > 0 && (
        <span className="chat-unread" data-testid={`chat-unread-${id}`} data-count={unread}>
          <span aria-hidden="true">{unread}</span>
          <span className="sr-only">{t('chat.tab.unread', { count: String(unread) })}</span>
        </span>
      )}
    </button>
  );
}
