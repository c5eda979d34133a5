import { z } from 'zod';
import { topicCodeSchema, type RecordForm } from './recordModel';

/**
 * What a service configures about its records (a validated policy file, with defaults): its
 * topic taxonomy and which fields a counsellor must fill in. Defaults suit a general Danish
 * helpline and are the most private choices (I7).
 */
export const requirableFields = ['contactType', 'topics', 'ageBand', 'gender', 'outcome', 'referral'] as const;
export type RequirableField = (typeof requirableFields)[number];

export const topicSchema = z.object({ code: topicCodeSchema, da: z.string().min(1), en: z.string().min(1) }).strict();
export type Topic = z.infer<typeof topicSchema>;

export const defaultTopics: readonly Topic[] = [
  { code: 'ensomhed', da: 'Ensomhed', en: 'Loneliness' },
  { code: 'angst', da: 'Angst', en: 'Anxiety' },
  { code: 'depression', da: 'Depression og tristhed', en: 'Depression and sadness' },
  { code: 'selvskade', da: 'Selvskade', en: 'Self-harm' },
  { code: 'selvmordstanker', da: 'Selvmordstanker', en: 'Suicidal thoughts' },
  { code: 'misbrug', da: 'Misbrug', en: 'Substance abuse' },
  { code: 'vold', da: 'Vold', en: 'Violence' },
  { code: 'seksuelle-overgreb', da: 'Seksuelle overgreb', en: 'Sexual abuse' },
  { code: 'mobning', da: 'Mobning', en: 'Bullying' },
  { code: 'familie', da: 'Familie', en: 'Family' },
  { code: 'venner-kaereste', da: 'Venner og kæreste', en: 'Friends and partner' },
  { code: 'skole-arbejde', da: 'Skole og arbejde', en: 'School and work' },
  { code: 'krop-sundhed', da: 'Krop og sundhed', en: 'Body and health' },
  { code: 'seksualitet', da: 'Seksualitet og identitet', en: 'Sexuality and identity' },
  { code: 'oekonomi', da: 'Økonomi', en: 'Money' },
  { code: 'sorg', da: 'Sorg og tab', en: 'Grief and loss' },
  { code: 'andet', da: 'Andet', en: 'Other' },
];

export const recordPolicySchema = z
  .object({
    topics: z.array(topicSchema).min(1).max(100),
    requiredFields: z.array(z.enum(requirableFields)),
    /** Records not acknowledged by the hub are deleted after this many days anyway (audited). */
    maxRecordAgeDays: z.number().int().min(1).max(365),
  })
  .strict()
  .refine((policy) => new Set(policy.topics.map((topic) => topic.code)).size === policy.topics.length, 'topic codes must be unique');
export type RecordPolicy = z.infer<typeof recordPolicySchema>;

export const defaultRecordPolicy: RecordPolicy = {
  topics: [...defaultTopics],
  requiredFields: ['contactType', 'topics', 'ageBand', 'gender', 'outcome'],
  maxRecordAgeDays: 30,
};

export type FieldProblem = { field: RequirableField | 'summary'; problem: 'required' | 'unknown-topic' };

/**
 * Which required fields are missing and which topics are not in the taxonomy. Non-counselling
 * contacts (silent, prank, …) need only their type: there is nothing else to say about them.
 */
export function checkRecordForm(form: RecordForm, policy: Pick<RecordPolicy, 'topics' | 'requiredFields'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Set(policy.topics.map((topic) => topic.code));
  if (form.topics.some((topic) => !known.has(topic))) problems.push({ field: 'topics', problem: 'unknown-topic' });
  const counselling = form.contactType === 'counselling';
  for (const field of policy.requiredFields) {
    if (field !== 'contactType' && form.contactType !== null && !counselling) continue;
    const value = form[field];
    if (value === null || (Array.isArray(value) && value.length === 0)) problems.push({ field, problem: 'required' });
  }
  return problems;
}
