import { text, type WidgetLocale } from './widgetText';

/**
 * What a waiting visitor is told: their place and a rounded estimate. Rounded generously, because
 * an estimate that sounds exact ("4 minutter og 10 sekunder") promises more than the hub knows.
 */
export function queueWording(locale: WidgetLocale, position: number, estimatedWaitSeconds: number | null): string {
  const place = position <= 1 ? text(locale, 'status.queue.next') : text(locale, 'status.queue.position', { position });
  const wait = waitWording(locale, estimatedWaitSeconds);
  return wait ? `${place} ${wait}` : place;
}

/** The estimate alone; empty when the hub does not know one yet. */
export function waitWording(locale: WidgetLocale, estimatedWaitSeconds: number | null): string {
  if (estimatedWaitSeconds === null) return '';
  if (estimatedWaitSeconds < 60) return text(locale, 'status.queue.waitUnderMinute');
  const minutes = Math.round(estimatedWaitSeconds / 60);
  if (minutes <= 1) return text(locale, 'status.queue.waitMinute');
  if (minutes < 90) return text(locale, 'status.queue.waitMinutes', { minutes });
  return text(locale, 'status.queue.waitHours', { hours: Math.round(minutes / 60) });
}
