import { expect, test } from 'vitest';
import { microphoneProblemOf } from './microphoneErrors';

const domError = (name: string): Error => Object.assign(new Error('x'), { name });

test('getUserMedia failures become a microphone problem the counsellor can act on', () => {
  expect(microphoneProblemOf(domError('NotFoundError'))).toBe('missing');
  expect(microphoneProblemOf(domError('OverconstrainedError'))).toBe('missing');
  expect(microphoneProblemOf(domError('NotAllowedError'))).toBe('denied');
  expect(microphoneProblemOf(domError('SecurityError'))).toBe('denied');
  expect(microphoneProblemOf(domError('NotReadableError'))).toBe('unavailable');
});

test('other failures are not blamed on the microphone', () => {
  expect(microphoneProblemOf(new Error('Peer connection closed.'))).toBeNull();
  expect(microphoneProblemOf(undefined)).toBeNull();
  expect(microphoneProblemOf('NotFoundError')).toBeNull();
});
