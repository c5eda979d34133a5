import type { AuditDetails, AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import { errorName } from '../hubLogger';

/** One kind of data the retention job forgets; returns what it removed, for the audit log. */
export interface RetentionStep {
  name: string;
  run(context: HubContext): Promise<AuditDetails>;
}

const HOUR_MS = 60 * 60 * 1000;

/** Runs every step once and audits what each removed. A failing step does not stop the others. */
export async function runRetention(context: HubContext, audit: AuditTrail, steps: readonly RetentionStep[]): Promise<Record<string, AuditDetails | 'failed'>> {
  const outcome: Record<string, AuditDetails | 'failed'> = {};
  for (const step of steps) {
    try {
      const removed = await step.run(context);
      outcome[step.name] = removed;
      await audit.append({ actorId: null, action: 'retention.run', target: step.name, details: removed });
    } catch (error) {
      outcome[step.name] = 'failed';
      context.log.error('retention', 'step failed', { step: step.name, error: errorName(error) });
    }
  }
  return outcome;
}

/** Runs the job now and then every hour; the returned function stops it. */
export function scheduleRetention(context: HubContext, audit: AuditTrail, steps: readonly RetentionStep[], everyMs = HOUR_MS): () => void {
  let running = false;
  const tick = (): void => {
    if (running) return;
    running = true;
    void runRetention(context, audit, steps).finally(() => {
      running = false;
    });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
