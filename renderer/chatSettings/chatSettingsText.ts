import type { Locale } from '../../shared/contract/schemas';
import { translate, type MessageKey } from '../i18n/catalogue';
import type { CannedReplyProblem } from './cannedRepliesForm';
import type { ScheduleProblem, ScheduleProblemPlace } from './scheduleForm';

/** Monday first, as the schedule's `weekly` is. */
export const weekdayKey = (day: number): MessageKey => `chatSettings.day.${Math.max(0, Math.min(6, day)) as 0 | 1 | 2 | 3 | 4 | 5 | 6}`;

function placeText(locale: Locale, place: ScheduleProblemPlace): string {
  const interval = (index: number | null): string => (index === null ? '' : `, ${translate(locale, 'chatSettings.place.interval', { n: String(index + 1) })}`);
  switch (place.kind) {
    case 'day':
      return `${translate(locale, weekdayKey(place.day))}${interval(place.interval)}`;
    case 'exception':
      return `${translate(locale, 'chatSettings.place.exception', { n: String(place.index + 1) })}${interval(place.interval)}`;
    case 'schedule':
      return translate(locale, 'chatSettings.place.schedule');
  }
}

/** "Tirsdag, tidsrum 2: Lukketiden skal ligge efter åbningstiden." */
export function scheduleProblemText(locale: Locale, problem: ScheduleProblem): string {
  return translate(locale, 'chatSettings.problem.line', {
    place: placeText(locale, problem.place),
    problem: translate(locale, `chatSettings.problem.${problem.problem}`),
  });
}

/** "Standardsvar 3: Skriv et navn." */
export function cannedProblemText(locale: Locale, problem: CannedReplyProblem): string {
  const place = problem.index === null ? translate(locale, 'chatSettings.place.replies') : translate(locale, 'chatSettings.place.reply', { n: String(problem.index + 1) });
  return translate(locale, 'chatSettings.problem.line', { place, problem: translate(locale, `chatSettings.problem.${problem.problem}`) });
}

/** "tirsdag 24. december kl. 09.00": when chat opens or closes next, in the administrator's local time. */
export function changeTime(locale: Locale, at: string): string {
  return new Date(at).toLocaleString(locale === 'da' ? 'da-DK' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}
