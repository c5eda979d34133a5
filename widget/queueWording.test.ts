import { describe, expect, it } from 'vitest';
import { queueWording, waitWording } from './queueWording';

describe('what a waiting visitor is told', () => {
  it('gives the place in the queue and a rounded wait, in Danish', () => {
    expect(queueWording('da', 2, 180)).toBe('Du er nummer 2 i køen. Forventet ventetid: ca. 3 minutter.');
    expect(queueWording('da', 1, 20)).toBe('Du er den næste i køen. Forventet ventetid: under 1 minut.');
    expect(queueWording('da', 7, null)).toBe('Du er nummer 7 i køen.');
  });

  it('rounds the estimate to whole minutes, and to hours past an hour and a half', () => {
    expect(waitWording('da', 59)).toBe('Forventet ventetid: under 1 minut.');
    expect(waitWording('da', 60)).toBe('Forventet ventetid: ca. 1 minut.');
    expect(waitWording('da', 89)).toBe('Forventet ventetid: ca. 1 minut.');
    expect(waitWording('da', 150)).toBe('Forventet ventetid: ca. 3 minutter.');
    expect(waitWording('da', 89 * 60)).toBe('Forventet ventetid: ca. 89 minutter.');
    expect(waitWording('da', 2 * 3600)).toBe('Forventet ventetid: ca. 2 timer.');
    expect(waitWording('da', null)).toBe('');
  });

  it('speaks English when asked', () => {
    expect(queueWording('en', 3, 600)).toBe('You are number 3 in the queue. Expected wait: about 10 minutes.');
  });
});
