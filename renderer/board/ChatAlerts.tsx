import { useState } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import type { BoardAlert } from '../../shared/hub/chatApi';
import { useChime } from '../chat/useChime';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { alertText } from './boardText';

/** An emergency not yet acknowledged chimes again this often. */
const ALERT_CHIME_REPEAT_MS = 15_000;

/**
 * Emergencies raised in chats ("Nødsituation i chat — Anna, kl. 14:32"), on top of the board
 * until a supervisor acknowledges them. The counsellor's name and the time only: never the
 * chat's content, never anything about the visitor. A new one chimes.
 */
export function ChatAlerts(props: { alerts: readonly BoardAlert[] }): React.JSX.Element | null {
  const t = useT();
  useChime(
    'alert',
    props.alerts.map((alert) => alert.alertId),
    ALERT_CHIME_REPEAT_MS,
  );
  if (props.alerts.length === 0) return null;
  return (
    <section className="board-alerts" aria-labelledby="board-alerts-title" data-testid="board-alerts">
      <h3 id="board-alerts-title">{t('board.alerts')}</h3>
      <ul role="alert">
        {props.alerts.map((alert) => (
          <AlertRow key={alert.alertId} alert={alert} />
        ))}
      </ul>
    </section>
  );
}

function AlertRow(props: { alert: BoardAlert }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const acknowledge = useAppStore((state) => state.acknowledgeAlert);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);
  const { alert } = props;
  const text = alertText(locale, alert);

  const ack = (): void => {
    if (busy) return;
    setBusy(true);
    setError(null);
    void acknowledge(alert.alertId).then((code) => {
      // On success the next snapshot drops the alert (and this row with it).
      setBusy(false);
      setError(code);
    });
  };

  return (
    <li className="board-alert" data-testid={`board-alert-${alert.alertId}`} data-kind={alert.kind} data-user-id={alert.userId}>
      <p>
        <strong>{text}</strong>
        {alert.escrowSealed && <span className="board-alert-escrow">{t('board.alert.escrow')}</span>}
      </p>
      <button type="button" disabled={busy} aria-label={t('board.alert.ackLabel', { alert: text })} onClick={ack} data-testid={`board-alert-ack-${alert.alertId}`}>
        {t('board.alert.ack')}
      </button>
      {error && (
        <p className="error" role="alert" data-testid={`board-alert-error-${alert.alertId}`} data-code={error}>
          {t('board.alert.ackFailed', { reason: t(errorKey(error)) })}
        </p>
      )}
    </li>
  );
}
