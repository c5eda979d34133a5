import type { ErrorCode } from '../../shared/contract/result';
import type { ShiftImportResult } from '../../shared/contract/schemas';
import { SHIFT_IMPORT_MAX_ROWS, type ShiftImportProblem } from '../../shared/hub/shiftsApi';
import { errorKey, type MessageKey } from '../i18n/catalogue';
import type { ShiftFormProblem } from './shiftForm';

export type ShiftPlanAction = 'save' | 'delete';

/**
 * What a refused save or delete means to the administrator. The generic text of a code would
 * be vague here: a conflict on save is an overlap, on delete a shift someone is working.
 */
export function shiftErrorKey(code: ErrorCode, action: ShiftPlanAction): MessageKey {
  if (code === 'shift-conflict') return action === 'save' ? 'shiftplan.error.save.shift-conflict' : 'shiftplan.error.delete.shift-conflict';
  if (code === 'invalid-shift') return 'shiftplan.error.save.invalid-shift';
  return errorKey(code);
}

export const shiftFormProblemKey = (problem: ShiftFormProblem): MessageKey => `shiftplan.problem.${problem}`;
export const importProblemKey = (problem: ShiftImportProblem): MessageKey => `shiftplan.import.problem.${problem}`;

type Translate = (key: MessageKey, params?: Record<string, string>) => string;

/** One refused CSV line as the administrator reads it: "Linje 3: Brugernavnet findes ikke." */
export function importProblemText(entry: ShiftImportResult['problems'][number], t: Translate): string {
  const problem = t(importProblemKey(entry.problem), { max: String(SHIFT_IMPORT_MAX_ROWS) });
  return entry.line === 1 ? t('shiftplan.import.headerLine', { problem }) : t('shiftplan.import.line', { line: String(entry.line), problem });
}

/** The refused lines in file order (the hub may list them in any order). */
export function importProblemsInOrder(result: ShiftImportResult): ShiftImportResult['problems'] {
  return [...result.problems].sort((a, b) => a.line - b.line || a.problem.localeCompare(b.problem));
}
