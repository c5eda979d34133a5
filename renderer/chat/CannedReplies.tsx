import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';

/**
 * "Standardsvar": the administrator's canned replies, picked by title; the text goes into the
 * composer at the cursor, for the counsellor to adjust and send. A native select, so it works
 * from the keyboard and with a screen reader as any other.
 */
export function CannedReplies(props: { onPick: (text: string) => void }): React.JSX.Element | null {
  const t = useT();
  const replies = useAppStore((state) => state.chat.cannedReplies);
  if (!replies || replies.length === 0) return null;
  return (
    <label className="chat-canned">
      <span className="sr-only">{t('chat.canned.label')}</span>
      <select
        data-testid="chat-canned"
        value=""
        onChange={(event) => {
          const reply = replies[Number(event.target.value)];
          if (event.target.value !== '' && reply) props.onPick(reply.text);
        }}
      >
        <option value="">{t('chat.canned.choose')}</option>
        {replies.map((reply, index) => (
          <option key={`${index}-${reply.title}`} value={String(index)} title={reply.text}>
            {reply.title}
          </option>
        ))}
      </select>
    </label>
  );
}
