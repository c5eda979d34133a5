import { test as base } from '@playwright/test';
import { startWorkstation, type Workstation } from './stack/workstation';

/** A fresh workstation (own data directory, demo accounts) per test, stopped afterwards. */
export const test = base.extend<{ workstation: Workstation }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  workstation: async ({}, use) => {
    const workstation = await startWorkstation();
    await use(workstation);
    await workstation.stop();
  },
});

export { expect } from '@playwright/test';
