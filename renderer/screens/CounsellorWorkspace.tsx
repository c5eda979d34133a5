import { ShiftHeader } from '../components/ShiftHeader';
import { useT } from '../i18n/useT';
import { RecordsPanel } from '../records/RecordsPanel';
import { PhonePanel } from '../softphone/PhonePanel';

/** The counsellor's desk: phone, chat and contact records (chat is filled by a later capability). */
export function CounsellorWorkspace(props: { displayName: string }): React.JSX.Element {
  const t = useT();
  return (
    <main className="screen workspace" data-testid="counsellor-workspace">
      <ShiftHeader title={t('counsellor.title')} greeting={t('counsellor.greeting', { name: props.displayName })} />
      <div className="panels">
        <section aria-labelledby="phone-title" className="panel">
          <h2 id="phone-title">{t('counsellor.phone')}</h2>
          <PhonePanel />
        </section>
        <section aria-labelledby="chat-title" className="panel">
          <h2 id="chat-title">{t('counsellor.chat')}</h2>
          <p>{t('counsellor.chat.empty')}</p>
        </section>
        <section aria-labelledby="records-title" className="panel">
          <h2 id="records-title">{t('counsellor.records')}</h2>
          <RecordsPanel />
        </section>
      </div>
    </main>
  );
}
