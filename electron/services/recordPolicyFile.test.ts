import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultRecordPolicy } from '../../shared/records/recordPolicy';
import { loadRecordPolicy } from './recordPolicyFile';

const write = (content: string): string => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-policy-')), 'records-policy.json');
  fs.writeFileSync(file, content);
  return file;
};

describe('the record policy file', () => {
  test('absent: the defaults, silently', () => {
    const problems: string[] = [];
    expect(loadRecordPolicy('/nonexistent/records-policy.json', (problem) => problems.push(problem))).toBe(defaultRecordPolicy);
    expect(problems).toEqual([]);
  });

  test('valid: a service taxonomy and its own required fields', () => {
    const policy = { topics: [{ code: 'spil', da: 'Spil', en: 'Gambling' }], requiredFields: ['contactType'], maxRecordAgeDays: 14 };
    expect(loadRecordPolicy(write(JSON.stringify(policy)), () => undefined)).toEqual(policy);
  });

  test.each([
    ['not JSON', '{ topics: ', /not JSON/],
    ['an unknown required field', JSON.stringify({ ...defaultRecordPolicy, requiredFields: ['callerName'] }), /requiredFields/],
    ['duplicate topic codes', JSON.stringify({ ...defaultRecordPolicy, topics: [{ code: 'a', da: 'A', en: 'A' }, { code: 'a', da: 'B', en: 'B' }] }), /unique/],
    ['an extra key', JSON.stringify({ ...defaultRecordPolicy, keepCallerNumbers: true }), /invalid/],
  ])('%s: reported, defaults used', (_name, content, reported) => {
    const problems: string[] = [];
    expect(loadRecordPolicy(write(content), (problem) => problems.push(problem))).toBe(defaultRecordPolicy);
    expect(problems.join('\n')).toMatch(reported);
  });
});
