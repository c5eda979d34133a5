import { describe, expect, test } from 'vitest';
import { errorCodes } from '../../shared/contract/result';
import { linkStateSchema, syncStatusSchema } from '../../shared/contract/schemas';
import { catalogue, errorKey, linkKey, syncReasonKey, translate, type MessageKey } from './catalogue';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

describe('the UI string catalogue', () => {
  test('every message exists, non-empty, in Danish and English with the same placeholders', () => {
    const keys = Object.keys(catalogue.da) as MessageKey[];
    expect(Object.keys(catalogue.en).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(catalogue.da[key].trim(), key).not.toBe('');
      expect(catalogue.en[key].trim(), key).not.toBe('');
      expect(placeholders(catalogue.en[key]), key).toEqual(placeholders(catalogue.da[key]));
    }
  });

  test('every error code and link state has a message', () => {
    for (const code of errorCodes) expect(catalogue.da[errorKey(code)], code).toBeTruthy();
    for (const state of linkStateSchema.options) expect(catalogue.da[linkKey(state)], state).toBeTruthy();
    for (const reason of syncStatusSchema.shape.lastError.unwrap().options) expect(catalogue.da[syncReasonKey(reason)], reason).toBeTruthy();
  });

  test('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('da', 'counsellor.greeting', { name: 'Ana' })).toBe('Du er logget ind som Ana.');
    expect(translate('en', 'counsellor.greeting')).toBe('You are logged in as {name}.');
  });
});
