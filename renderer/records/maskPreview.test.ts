import { describe, expect, test } from 'vitest';
import { scrubMasks, scrubText } from '../../shared/scrubber/scrubText';
import { catalogue } from '../i18n/catalogue';
import { maskSegments, storedSegments } from './maskPreview';
import { scrubKindKey } from './recordText';

describe('the masked-before-saving preview', () => {
  test('splits the summary into text and masks that name what they replace', () => {
    const summary = 'Ring på 61 23 45 78 eller skriv til pige14@example.dk i aften';
    const segments = maskSegments(summary, scrubText(summary).findings);
    expect(segments).toEqual([
      { kind: 'text', text: 'Ring på ' },
      { kind: 'mask', scrub: 'phone', mask: '[telefon]', original: '61 23 45 78' },
      { kind: 'text', text: ' eller skriv til ' },
      { kind: 'mask', scrub: 'email', mask: '[e-mail]', original: 'pige14@example.dk' },
      { kind: 'text', text: ' i aften' },
    ]);
    // The preview shows exactly what the main process will store.
    expect(segments.map((segment) => (segment.kind === 'text' ? segment.text : segment.mask)).join('')).toBe(scrubText(summary).text);
  });

  test('nothing found: the text as it is', () => {
    expect(maskSegments('Hun var ked af det', [])).toEqual([{ kind: 'text', text: 'Hun var ked af det' }]);
    expect(maskSegments('', [])).toEqual([]);
  });

  test('a stored summary has its masks picked out again for the shift list', () => {
    expect(storedSegments('nummer [telefon], mail [e-mail]')).toEqual([
      { kind: 'text', text: 'nummer ' },
      { kind: 'mask', scrub: 'phone', mask: '[telefon]', original: '' },
      { kind: 'text', text: ', mail ' },
      { kind: 'mask', scrub: 'email', mask: '[e-mail]', original: '' },
    ]);
  });

  test('every scrubber kind has a name in both languages', () => {
    for (const kind of Object.keys(scrubMasks) as (keyof typeof scrubMasks)[]) {
      expect(catalogue.da[scrubKindKey(kind)], kind).toBeTruthy();
      expect(catalogue.en[scrubKindKey(kind)], kind).toBeTruthy();
    }
  });
});
