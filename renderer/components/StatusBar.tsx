import type { LinkState } from '../../shared/contract/schemas';
import { linkKey, syncReasonKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { LanguageSwitch } from './LanguageSwitch';

/** Always visible: the counsellor must see at a glance whether calls can reach them. */
export function StatusBar(): React.JSX.Element {
  const t = useT();
  const api = useAppStore((state) => state.api);
  const links = useAppStore((state) => state.links);
  const info = useAppStore((state) => state.appInfo);
  const apiLink: LinkState = api === 'connecting' ? 'connecting' : api;
  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      <ul className="links">
        <LinkBadge label={t('status.app')} state={apiLink} testId="link-app" />
        <LinkBadge label={t('status.hub')} state={links.hub} testId="link-hub" />
        <LinkBadge label={t('status.sip')} state={links.sip} testId="link-sip" />
      </ul>
      <OutboxStatus />
      {info && (
        <span className="version" data-testid="app-version">
          {t('status.version', { version: info.version, transport: t(`status.transport.${info.transport}`) })}
        </span>
      )}
      <LanguageSwitch />
    </footer>
  );
}

/** "n ikke sendt" while records wait for the hub; records the hub refused, as an error. */
function OutboxStatus(): React.JSX.Element | null {
  const t = useT();
  const pending = useAppStore((state) => state.sync.pending);
  const quarantined = useAppStore((state) => state.sync.quarantined);
  const reason = useAppStore((state) => state.sync.lastError);
  if (pending === 0 && quarantined === 0) return null;
  const pendingText = [t('sync.pending.explain'), reason ? t(syncReasonKey(reason)) : ''].filter(Boolean).join(' ');
  return (
    <span className="outbox">
      {pending > 0 && (
        <span className="outbox-pending" data-testid="sync-pending" data-count={pending} title={pendingText}>
          {t('sync.pending', { count: String(pending) })}
        </span>
      )}
      {quarantined > 0 && (
        <span className="outbox-quarantined error" role="alert" data-testid="sync-quarantined" data-count={quarantined}>
          {t('sync.quarantined', { count: String(quarantined) })}
          <span className="explain"> – {t('sync.quarantined.explain', { count: String(quarantined) })}</span>
        </span>
      )}
    </span>
  );
}

function LinkBadge(props: { label: string; state: LinkState; testId: string }): React.JSX.Element {
  const t = useT();
  return (
    <li className={`link link-${props.state}`} data-testid={props.testId} data-state={props.state}>
      <span className="dot" aria-hidden="true" />
      {props.label}: {t(linkKey(props.state))}
    </li>
  );
}
