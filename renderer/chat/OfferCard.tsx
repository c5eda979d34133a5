import { useState } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import type { ChatOffer } from '../../shared/hub/chatApi';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useNow } from '../softphone/useNow';
import { useAppStore } from '../store/appStore';
import { secondsLeft, waitText } from './chatText';

/**
 * A chat offered to this counsellor (a new visitor from the queue, or a colleague's transfer):
 * how long the visitor has waited, a countdown to when the offer goes to someone else, and
 * Accept / Decline. Like a ringing call it does not take the focus: the counsellor may be typing.
 */
export function OfferCard(props: { offer: ChatOffer }): React.JSX.Element {
  const t = useT();
  const { offer } = props;
  const accept = useAppStore((state) => state.acceptChatOffer);
  const decline = useAppStore((state) => state.declineChatOffer);
  const now = useNow(true, 500);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);
  const left = secondsLeft(offer.expiresAt, now);
  const titleId = `chat-offer-title-${offer.offerId}`;

  const run = (action: (offerId: string) => Promise<ErrorCode | null>): void => {
    if (busy) return;
    setBusy(true);
    setError(null);
    void action(offer.offerId).then((code) => {
      setBusy(false);
      setError(code);
    });
  };

  return (
    <section
      className="chat-offer"
      aria-labelledby={titleId}
      data-testid="chat-offer"
      data-offer-id={offer.offerId}
      data-conversation-id={offer.conversationId}
      data-transfer={String(offer.transfer)}
    >
      <div role="alert">
        <h3 id={titleId}>{t(offer.transfer ? 'chat.offer.transferTitle' : 'chat.offer.title')}</h3>
        <p>{t(offer.transfer ? 'chat.offer.transferBody' : 'chat.offer.waited', { duration: waitText(offer.waitedSeconds) })}</p>
      </div>
      <p className="chat-offer-countdown" data-testid="chat-offer-countdown" data-seconds={left}>
        {t('chat.offer.expires', { seconds: String(left) })}
      </p>
      <div className="call-buttons">
        <button type="button" className="answer" disabled={busy} onClick={() => run(accept)} data-testid="chat-offer-accept">
          {t('chat.offer.accept')}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => run(decline)} data-testid="chat-offer-decline">
          {t('chat.offer.decline')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="chat-offer-error" data-code={error}>
          {t(errorKey(error))}
        </p>
      )}
    </section>
  );
}
