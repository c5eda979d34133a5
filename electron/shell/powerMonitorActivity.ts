import { powerMonitor } from 'electron';
import type { SystemActivity, SystemEvent } from '../services/systemActivity';

const events: readonly SystemEvent[] = ['lock-screen', 'unlock-screen', 'suspend', 'resume'];

/**
 * SystemActivity from Electron's powerMonitor (after app ready). Screen-lock events come on
 * macOS and Windows; on Linux only suspend and resume do, so a locked Linux screen shows as
 * idle once no input has come for the idle time.
 */
export function powerMonitorActivity(): SystemActivity {
  return {
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    subscribe(listener) {
      const handlers = events.map((event) => {
        const handler = (): void => listener(event);
        powerMonitor.on(event as 'lock-screen', handler);
        return () => powerMonitor.removeListener(event as 'lock-screen', handler);
      });
      return () => handlers.forEach((remove) => remove());
    },
  };
}
