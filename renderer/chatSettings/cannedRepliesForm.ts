import { CANNED_REPLIES_MAX, CANNED_REPLY_MAX_CHARS, type CannedRepliesInput, type CannedReply } from '../../shared/hub/chatApi';

/**
 * The administrator's list of canned replies ("Standardsvar"): a short title the counsellor
 * picks by and the text that goes into the composer. The order is the order counsellors see.
 */
export interface CannedReplyValues {
  /** The form's own key for the row (React), not saved. */
  key: string;
  title: string;
  text: string;
}

export const CANNED_TITLE_MAX = 60;

export type CannedReplyProblemKind = 'title-missing' | 'title-too-long' | 'text-missing' | 'text-too-long' | 'duplicate-title' | 'too-many';

/** `index` is the row (0-based), or null for the list as a whole. */
export interface CannedReplyProblem {
  index: number | null;
  problem: CannedReplyProblemKind;
}

let rowCounter = 0;
const rowKey = (): string => `reply-${++rowCounter}`;

export const newCannedReply = (): CannedReplyValues => ({ key: rowKey(), title: '', text: '' });

export function cannedRepliesFormOf(replies: readonly CannedReply[]): CannedReplyValues[] {
  return replies.map((reply) => ({ key: rowKey(), title: reply.title, text: reply.text }));
}

export function cannedRepliesProblems(rows: readonly CannedReplyValues[]): CannedReplyProblem[] {
  const problems: CannedReplyProblem[] = [];
  if (rows.length > CANNED_REPLIES_MAX) problems.push({ index: null, problem: 'too-many' });
  const titles = new Set<string>();
  rows.forEach((row, index) => {
    const title = row.title.trim();
    const text = row.text.trim();
    if (title.length === 0) problems.push({ index, problem: 'title-missing' });
    else if (title.length > CANNED_TITLE_MAX) problems.push({ index, problem: 'title-too-long' });
    else if (titles.has(title.toLocaleLowerCase('da'))) problems.push({ index, problem: 'duplicate-title' });
    else titles.add(title.toLocaleLowerCase('da'));
    if (text.length === 0) problems.push({ index, problem: 'text-missing' });
    else if (text.length > CANNED_REPLY_MAX_CHARS) problems.push({ index, problem: 'text-too-long' });
  });
  return problems;
}

/** The request for `chatSettings:saveCannedReplies`; call only when `cannedRepliesProblems` found none. */
export function cannedRepliesOf(rows: readonly CannedReplyValues[]): CannedRepliesInput {
  return { replies: rows.map((row) => ({ title: row.title.trim(), text: row.text.trim() })) };
}

/** The list with row `index` moved by `by` places (−1 up, +1 down); unchanged at the ends. */
export function moveRow<T>(rows: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (index < 0 || index >= rows.length || target < 0 || target >= rows.length) return [...rows];
  const next = [...rows];
  const [row] = next.splice(index, 1);
  if (row !== undefined) next.splice(target, 0, row);
  return next;
}
