import { scryptSync, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../shared/contract/schemas';
import type { Authenticator } from '../services/authenticator';

/**
 * Development and demo only (never in a packaged build): fixed demo accounts until the hub
 * takes over authentication. Passwords are compared as salted scrypt hashes in constant time.
 */
export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  { username: 'raadgiver', password: 'tavs-demo', role: 'counsellor', displayName: 'Demo-rådgiver' },
  { username: 'supervisor', password: 'tavs-demo', role: 'supervisor', displayName: 'Demo-supervisor' },
];

const salt = 'tavs-demo-accounts';
const hash = (password: string): Buffer => scryptSync(password, salt, 32);

export function demoAuthenticator(accounts: readonly DemoAccount[] = demoAccounts): Authenticator {
  const stored = accounts.map((account) => ({ ...account, hash: hash(account.password) }));
  return {
    authenticate({ username, password }) {
      const candidate = hash(password);
      const account = stored.find((entry) => entry.username === username);
      if (!account || !timingSafeEqual(account.hash, candidate)) return Promise.resolve({ kind: 'rejected' });
      return Promise.resolve({ kind: 'accepted', role: account.role, displayName: account.displayName });
    },
  };
}
