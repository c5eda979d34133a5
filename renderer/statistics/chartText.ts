import type { Locale } from '../../shared/contract/schemas';
import type { MessageKey } from '../i18n/catalogue';
import { barLabel, type ChartValue } from './chartModel';

type Translate = (key: MessageKey, params?: Record<string, string>) => string;

const numberFormats: Record<Locale, Intl.NumberFormat> = { da: new Intl.NumberFormat('da-DK'), en: new Intl.NumberFormat('en-GB') };

export function formatCount(locale: Locale, value: number): string {
  return numberFormats[locale].format(value);
}

/** The text on (or beside) a bar: "12", "skjult", "≥ 13". A hidden count never appears as a number. */
export function valueText(value: ChartValue, k: number, locale: Locale, t: Translate): string {
  const label = barLabel(value, k);
  switch (label.kind) {
    case 'value':
      return formatCount(locale, label.value);
    case 'hidden':
      return t('statistics.hidden.label', { k: formatCount(locale, label.k) });
    case 'partial':
      return t('statistics.partial.label', { count: formatCount(locale, label.atLeast) });
  }
}

/** The same, spelt out for a screen reader or a tooltip. */
export function valueDescription(value: ChartValue, k: number, locale: Locale, t: Translate): string {
  const label = barLabel(value, k);
  switch (label.kind) {
    case 'value':
      return formatCount(locale, label.value);
    case 'hidden':
      return t('statistics.hidden.description', { k: formatCount(locale, label.k) });
    case 'partial':
      return t('statistics.partial.description', { count: formatCount(locale, label.atLeast) });
  }
}

/** A local day on an axis: "24.11." / "24/11". */
export function shortDay(locale: Locale, day: string): string {
  const [, month, date] = day.split('-').map(Number);
  return locale === 'da' ? `${date}.${month}.` : `${date}/${month}`;
}

/** A local day in full: "24.11.2026" / "24/11/2026". */
export function longDay(locale: Locale, day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return locale === 'da' ? `${date}.${month}.${year}` : `${date}/${month}/${year}`;
}
