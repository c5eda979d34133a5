import crypto from 'node:crypto';
import { loosenedSettings, type HubPolicy } from '../policy/hubPolicy';
import type { AuditTrail } from './auditTrail';

/**
 * Invariant I7: a setting less private than its default is an explicit choice, recorded at every
 * hub start (one entry per setting, with its value). The hub's main calls this once it has its
 * policy and database; returns the loosened settings (for the start-up log line).
 */
export async function auditLoosenedPolicy(audit: AuditTrail, policy: HubPolicy): Promise<string[]> {
  const loosened = loosenedSettings(policy);
  for (const setting of loosened) {
    await audit.append({ actorId: null, action: 'policy.loosened', target: setting, details: { value: settingValue(policy, setting) } });
  }
  return loosened;
}

function settingValue(policy: HubPolicy, setting: string): string | number | boolean | null {
  let value: unknown = policy;
  for (const part of setting.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  // A long text (the escrow key's PEM) does not fit an audit entry: its SHA-256 says which one it was.
  if (typeof value === 'string' && value.length > 200) return `sha256:${crypto.createHash('sha256').update(value, 'utf8').digest('hex')}`;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}
