import { useEffect } from 'react';
import { ChatDesk } from '../chat/ChatDesk';
import { ShiftHeader } from '../components/ShiftHeader';
import { useT } from '../i18n/useT';
import { PresenceControls } from '../presence/PresenceControls';
import { ShiftBanners } from '../presence/ShiftBanners';
import { usePresenceReport } from '../presence/usePresenceReport';
import { RecordsPanel } from '../records/RecordsPanel';
import { RecordsUnavailable } from '../records/RecordsUnavailable';
import { PhonePanel } from '../softphone/PhonePanel';
import { useAppStore } from '../store/appStore';

/** The counsellor's desk: phone, chat and contact records. */
export function CounsellorWorkspace(props: { displayName: string }): React.JSX.Element {
  const t = useT();
  const load = useAppStore((state) => state.loadRecords);
  const status = useAppStore((state) => state.records.status);
  const loadShift = useAppStore((state) => state.loadShift);
  useEffect(() => {
    void load();
    void loadShift();
  }, [load, loadShift]);
  usePresenceReport();
  const header = (
    <>
      <ShiftHeader title={t('counsellor.title')} greeting={t('counsellor.greeting', { name: props.displayName })}>
        <PresenceControls />
      </ShiftHeader>
      <ShiftBanners />
    </>
  );

  // Without a usable record store the counsellor cannot work: no phone, only what to do about it.
  if (status?.state === 'unavailable') {
    return (
      <main className="screen workspace" data-testid="counsellor-workspace" data-blocked="records">
        {header}
        <RecordsUnavailable problem={status.problem} />
      </main>
    );
  }
  return (
    <main className="screen workspace" data-testid="counsellor-workspace">
      {header}
      <div className="panels">
        <section aria-labelledby="phone-title" className="panel">
          <h2 id="phone-title">{t('counsellor.phone')}</h2>
          <PhonePanel />
        </section>
        <section aria-labelledby="chat-title" className="panel chat-panel">
          <h2 id="chat-title">{t('counsellor.chat')}</h2>
          <ChatDesk />
        </section>
        <section aria-labelledby="records-title" className="panel">
          <h2 id="records-title">{t('counsellor.records')}</h2>
          <RecordsPanel />
        </section>
      </div>
    </main>
  );
}
