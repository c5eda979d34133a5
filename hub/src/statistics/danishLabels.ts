import type { ageBands, channels, contactTypes, genders, outcomes, referrals } from '../../../shared/records/recordModel';
import { defaultTopics } from '../../../shared/records/recordPolicy';

/**
 * Danish names for the record's value codes in exported statistics: what a supervisor reads in
 * Excel. Worded as in the workstation's form (renderer/i18n/catalogue.ts), but as a report
 * describes contacts, not as the counsellor answers a question ("Rådgiveren afbrød", not "Jeg
 * afbrød samtalen").
 */
export const channelLabels: Record<(typeof channels)[number], string> = { phone: 'Telefon', chat: 'Chat' };

export const contactTypeLabels: Record<(typeof contactTypes)[number], string> = {
  counselling: 'Rådgivningssamtale',
  silent: 'Tavst opkald',
  'hung-up': 'Lagde på med det samme',
  abusive: 'Krænkende henvendelse',
  prank: 'Pjatopkald',
  'wrong-number': 'Forkert nummer',
  test: 'Test',
};

export const ageBandLabels: Record<(typeof ageBands)[number], string> = {
  'under-10': 'Under 10 år',
  '10-12': '10–12 år',
  '13-15': '13–15 år',
  '16-18': '16–18 år',
  '19-24': '19–24 år',
  '25-39': '25–39 år',
  '40-59': '40–59 år',
  '60-plus': '60 år eller ældre',
  unknown: 'Ukendt',
};

export const genderLabels: Record<(typeof genders)[number], string> = {
  female: 'Pige/kvinde',
  male: 'Dreng/mand',
  other: 'Andet',
  unknown: 'Ukendt',
  'not-disclosed': 'Ville ikke oplyse',
};

export const outcomeLabels: Record<(typeof outcomes)[number], string> = {
  completed: 'Samtalen blev afsluttet',
  'caller-ended': 'Den, der kontaktede, afbrød',
  'counsellor-ended': 'Rådgiveren afbrød',
  transferred: 'Viderestillet',
  escalated: 'Eskaleret (akut hjælp)',
};

export const referralLabels: Record<(typeof referrals)[number], string> = {
  none: 'Ingen henvisning',
  'emergency-services': 'Alarmcentralen (112)',
  police: 'Politiet',
  doctor: 'Læge eller lægevagt',
  psychiatry: 'Psykiatrien',
  municipality: 'Kommunen',
  school: 'Skolen',
  'other-helpline': 'Anden rådgivning',
  other: 'Andet',
};

/** A topic's Danish name from the default taxonomy; a service's own codes appear as they are. */
export function topicLabel(code: string): string {
  return defaultTopics.find((topic) => topic.code === code)?.da ?? code;
}
