import fs from 'node:fs';
import { defaultRecordPolicy, recordPolicySchema, type RecordPolicy } from '../../shared/records/recordPolicy';

/**
 * The service's record policy (taxonomy, required fields, maximum age) from its policy file.
 * No file: the defaults. A file that does not validate is reported (by field, never by value)
 * and the defaults apply, so counsellors can still work while an administrator fixes it.
 */
export function loadRecordPolicy(file: string, report: (problem: string) => void): RecordPolicy {
  if (!fs.existsSync(file)) return defaultRecordPolicy;
  try {
    const parsed = recordPolicySchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
    report(`record policy ${file} is invalid (${parsed.error.issues.map((issue) => issue.path.join('.') || issue.message).join(', ')}); using the defaults`);
  } catch {
    report(`record policy ${file} is not JSON; using the defaults`);
  }
  return defaultRecordPolicy;
}
