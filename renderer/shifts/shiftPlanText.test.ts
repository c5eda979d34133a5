import { describe, expect, test } from 'vitest';
import { shiftImportProblems } from '../../shared/hub/shiftsApi';
import { catalogue, translate, type MessageKey } from '../i18n/catalogue';
import { importProblemKey, importProblemsInOrder, importProblemText, shiftErrorKey } from './shiftPlanText';

const da = (key: MessageKey, params?: Record<string, string>): string => translate('da', key, params);
const en = (key: MessageKey, params?: Record<string, string>): string => translate('en', key, params);

describe('the CSV import problems', () => {
  test('every problem the hub can name has a text in both languages', () => {
    for (const problem of shiftImportProblems) {
      expect(catalogue.da[importProblemKey(problem)], problem).toBeTruthy();
      expect(catalogue.en[importProblemKey(problem)], problem).toBeTruthy();
    }
  });

  test('a line reads with its number, the header as the header, in Danish and English', () => {
    expect(importProblemText({ line: 3, problem: 'unknown-user' }, da)).toBe('Linje 3: Brugernavnet findes ikke.');
    expect(importProblemText({ line: 1, problem: 'bad-header' }, da)).toBe(
      'Linje 1 (overskriften): Overskriften skal navngive kolonnerne brugernavn,start,slut.',
    );
    expect(importProblemText({ line: 7, problem: 'overlap' }, en)).toBe('Line 7: The shift overlaps another shift of the same counsellor.');
    expect(importProblemText({ line: 5002, problem: 'too-many-rows' }, da)).toBe('Linje 5002: Filen har for mange linjer (højst 5000 vagter ad gangen).');
  });

  test('are listed in file order', () => {
    const result = {
      created: 0,
      problems: [
        { line: 9, problem: 'bad-time' },
        { line: 2, problem: 'overlap' },
        { line: 2, problem: 'not-counsellor' },
      ],
    } as const;
    expect(importProblemsInOrder({ ...result, problems: [...result.problems] }).map((entry) => `${entry.line} ${entry.problem}`)).toEqual([
      '2 not-counsellor',
      '2 overlap',
      '9 bad-time',
    ]);
  });
});

describe('a refused save or delete', () => {
  test('says in plain Danish what the conflict is: an overlap on save, a shift being worked on delete', () => {
    expect(da(shiftErrorKey('shift-conflict', 'save'))).toMatch(/overlapper en anden vagt/);
    expect(da(shiftErrorKey('shift-conflict', 'delete'))).toMatch(/logget ind på den/);
    expect(da(shiftErrorKey('invalid-shift', 'save'))).toMatch(/ikke en rådgiver/);
    expect(shiftErrorKey('forbidden', 'save')).toBe('error.forbidden');
  });
});
