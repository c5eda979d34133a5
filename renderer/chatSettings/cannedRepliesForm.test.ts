import { describe, expect, test } from 'vitest';
import { CANNED_REPLIES_MAX, cannedRepliesInputSchema } from '../../shared/hub/chatApi';
import { cannedProblemText, scheduleProblemText } from './chatSettingsText';
import { cannedRepliesFormOf, cannedRepliesOf, cannedRepliesProblems, moveRow, newCannedReply, type CannedReplyValues } from './cannedRepliesForm';

const row = (title: string, text: string): CannedReplyValues => ({ ...newCannedReply(), title, text });

describe('the canned replies editor', () => {
  test('saves the list in the order shown, trimmed, as the hub accepts it', () => {
    const rows = [row('  Velkomst ', ' Hej, du skriver med en rådgiver.\n'), row('Afslutning', 'Tak fordi du skrev.')];
    expect(cannedRepliesProblems(rows)).toEqual([]);
    const input = cannedRepliesOf(rows);
    expect(input).toEqual({
      replies: [
        { title: 'Velkomst', text: 'Hej, du skriver med en rådgiver.' },
        { title: 'Afslutning', text: 'Tak fordi du skrev.' },
      ],
    });
    expect(cannedRepliesInputSchema.safeParse(input).success).toBe(true);
    expect(cannedRepliesOf(cannedRepliesFormOf(input.replies))).toEqual(input);
  });

  test('an empty list is a valid list (no canned replies)', () => {
    expect(cannedRepliesProblems([])).toEqual([]);
    expect(cannedRepliesOf([])).toEqual({ replies: [] });
  });

  test('names the row and the problem: missing or too long title or text, a title used twice (case aside)', () => {
    const rows = [row('', 'x'), row('Velkomst', ' '), row('x'.repeat(61), 'y'.repeat(1001)), row('Velkomst', 'a'), row('VELKOMST', 'b')];
    expect(cannedRepliesProblems(rows)).toEqual([
      { index: 0, problem: 'title-missing' },
      { index: 1, problem: 'text-missing' },
      { index: 2, problem: 'title-too-long' },
      { index: 2, problem: 'text-too-long' },
      { index: 3, problem: 'duplicate-title' },
      { index: 4, problem: 'duplicate-title' },
    ]);
  });

  test('at most the protocol\'s number of replies', () => {
    const rows = Array.from({ length: CANNED_REPLIES_MAX + 1 }, (_, index) => row(`Svar ${index}`, 'tekst'));
    expect(cannedRepliesProblems(rows)).toEqual([{ index: null, problem: 'too-many' }]);
  });

  test('moving a row swaps it with its neighbour; the ends stay put', () => {
    expect(moveRow(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveRow(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('problems as the administrator reads them', () => {
  test('say where the problem is and what it is, in either language', () => {
    expect(cannedProblemText('da', { index: 2, problem: 'title-missing' })).toBe('Standardsvar 3: Skriv et navn.');
    expect(cannedProblemText('en', { index: null, problem: 'too-many' })).toBe('The canned replies: At most 100 canned replies.');
    expect(scheduleProblemText('da', { place: { kind: 'day', day: 1, interval: 1 }, problem: 'order' })).toBe(
      'Tirsdag, tidsrum 2: Lukketiden skal ligge efter åbningstiden.',
    );
    expect(scheduleProblemText('en', { place: { kind: 'exception', index: 0, interval: null }, problem: 'duplicate-date' })).toBe(
      'Exception 1: There is already an exception for that date.',
    );
  });
});
