import { useAppStore } from '../store/appStore';
import { returningBadgeText } from './softphoneText';

/** "3. kontakt de sidste 7 dage": a count from the caller's pseudonym, never the pseudonym. */
export function ReturningBadge(): React.JSX.Element | null {
  const locale = useAppStore((state) => state.locale);
  const contacts = useAppStore((state) => state.softphone.call.returningContacts);
  const days = useAppStore((state) => state.softphone.returningWindowDays);
  const text = returningBadgeText(locale, contacts, days);
  if (!text) return null;
  return (
    <p className="badge returning" data-testid="returning-badge" data-count={contacts ?? undefined}>
      {text}
    </p>
  );
}
