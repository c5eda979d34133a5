import type { Database } from './db/database';
import type { HubLogger } from './hubLogger';
import type { HubPolicy } from './policy/hubPolicy';

/** What every hub module is built from. `now` is the hub's clock (tests move it). */
export interface HubContext {
  db: Database;
  policy: HubPolicy;
  log: HubLogger;
  now: () => Date;
}
