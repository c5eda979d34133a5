import { ModalDialog } from '../components/ModalDialog';
import { useT } from '../i18n/useT';

/**
 * "Are you sure?" for a chat action with consequences (an emergency, a block). The dialog is
 * `<testId>-dialog`, its buttons `<testId>-confirm` and `<testId>-cancel`. Focus starts on
 * Cancel, so a stray Enter does nothing.
 */
export function ConfirmDialog(props: {
  testId: string;
  title: string;
  body: string;
  confirm: string;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}): React.JSX.Element {
  const t = useT();
  const titleId = `${props.testId}-dialog-title`;
  return (
    <ModalDialog labelledBy={titleId} testId={`${props.testId}-dialog`} onClose={props.onClose}>
      <div className="board-dialog">
        <h3 id={titleId}>{props.title}</h3>
        <p>{props.body}</p>
        <div className="dialog-buttons">
          <button type="button" className="danger" disabled={props.busy} onClick={props.onConfirm} data-testid={`${props.testId}-confirm`}>
            {props.busy ? t('chat.sending') : props.confirm}
          </button>
          <button type="button" className="secondary" autoFocus onClick={props.onClose} data-testid={`${props.testId}-cancel`}>
            {t('chat.cancel')}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
