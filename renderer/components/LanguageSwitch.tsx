import { localeSchema, type Locale } from '../../shared/contract/schemas';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';

export function LanguageSwitch(): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const setLocale = useAppStore((state) => state.setLocale);
  return (
    <label className="language-switch">
      <span>{t('language.label')}</span>
      <select
        value={locale}
        onChange={(event) => void setLocale(localeSchema.parse(event.target.value))}
        data-testid="language"
      >
        {localeSchema.options.map((option: Locale) => (
          <option key={option} value={option}>
            {t(`language.${option}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
