import { useEffect } from 'react';
import { useAppStore } from '../store/appStore';
import { workActivityOf } from './workActivity';

/**
 * While the counsellor workspace is open, tells the main process what the counsellor is doing
 * whenever that changes (the slice drops repeats); the main process turns it into the presence
 * state the hub and the supervisors see.
 */
export function usePresenceReport(): void {
  const activity = useAppStore((state) => workActivityOf(state.softphone.call.phase));
  const report = useAppStore((state) => state.reportActivity);
  useEffect(() => {
    report(activity);
  }, [activity, report]);
}
