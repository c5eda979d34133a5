import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';

export function MicLevel(): React.JSX.Element {
  const t = useT();
  const level = useAppStore((state) => state.softphone.micLevel);
  return (
    <label className="mic-level">
      <span>{t('softphone.level')}</span>
      <meter min={0} max={1} low={0.15} high={0.9} optimum={0.5} value={level} data-testid="mic-level" data-level={level.toFixed(2)} />
    </label>
  );
}
