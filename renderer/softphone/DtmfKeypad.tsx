import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { dtmfTones, type DtmfTone } from './softphoneState';

const testIdPart: Partial<Record<DtmfTone, string>> = { '*': 'star', '#': 'hash' };

/** The phone keypad (for a provider's menus), folded away until needed. */
export function DtmfKeypad(props: { enabled: boolean; sent: string }): React.JSX.Element {
  const t = useT();
  const send = useAppStore((state) => state.sendDtmf);
  const label = (tone: DtmfTone): string =>
    tone === '*' ? t('softphone.keypad.star') : tone === '#' ? t('softphone.keypad.hash') : t('softphone.keypad.key', { tone });
  return (
    <details className="dtmf" data-testid="dtmf-keypad">
      <summary>{t('softphone.keypad')}</summary>
      <div className="keypad" role="group" aria-label={t('softphone.keypad')}>
        {dtmfTones.map((tone) => (
          <button
            key={tone}
            type="button"
            className="key"
            disabled={!props.enabled}
            onClick={() => send(tone)}
            aria-label={label(tone)}
            data-testid={`dtmf-${testIdPart[tone] ?? tone}`}
          >
            {tone}
          </button>
        ))}
      </div>
      <output data-testid="dtmf-sent" aria-live="polite">
        {props.sent && t('softphone.keypad.sent', { tones: props.sent })}
      </output>
    </details>
  );
}
