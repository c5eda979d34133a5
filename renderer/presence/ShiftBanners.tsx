import type { ShiftView } from '../../shared/contract/schemas';
import type { PendingLogout } from '../../shared/hub/presenceApi';
import { useT } from '../i18n/useT';
import { clockTime } from '../records/recordText';
import { useAppStore } from '../store/appStore';
import { logoutReasonKey } from './presenceText';
import './presence.css';

type OnShift = Extract<ShiftView, { status: 'on' }>;

/**
 * What the counsellor must not miss about the shift itself: it is about to end, a logout is
 * waiting for the end of the current contact, or the hub cannot see them.
 */
export function ShiftBanners(): React.JSX.Element | null {
  const shift = useAppStore((state) => state.shift);
  if (shift.status !== 'on') return null;
  return (
    <div className="shift-banners">
      {shift.pendingLogout ? <PendingLogoutBanner pending={shift.pendingLogout} /> : shift.ending && <EndingBanner shift={shift} />}
      {shift.presenceLink === 'offline' && <LinkBanner />}
    </div>
  );
}

function EndingBanner(props: { shift: OnShift }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  return (
    <p className="banner banner-warn" role="status" data-testid="shift-warning" data-ends-at={props.shift.endsAt}>
      {t('shift.warning', { time: clockTime(locale, props.shift.endsAt) })}
    </p>
  );
}

function PendingLogoutBanner(props: { pending: PendingLogout }): React.JSX.Element {
  const t = useT();
  const { pending } = props;
  const reason = pending.reason ? t(logoutReasonKey(pending.reason)) : '';
  const lead =
    pending.by === 'shift-end'
      ? t('shift.pending.shift-end')
      : pending.mode === 'now'
        ? t('shift.pending.supervisor.now', { reason })
        : t('shift.pending.supervisor', { reason });
  return (
    <div
      className="banner banner-alert"
      role="alert"
      data-testid="pending-logout"
      data-by={pending.by}
      data-mode={pending.mode}
      data-reason={pending.reason ?? ''}
    >
      <p>{lead}</p>
      {pending.note && <p data-testid="pending-logout-note">{t('shift.pending.note', { note: pending.note })}</p>}
      <p>{t('shift.pending.noCalls')}</p>
    </div>
  );
}

function LinkBanner(): React.JSX.Element {
  const t = useT();
  return (
    <p className="banner banner-warn" role="status" data-testid="presence-link" data-state="offline">
      {t('presence.link.offline')}
    </p>
  );
}
