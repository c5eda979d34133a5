import { useEffect } from 'react';
import { chatActivityOf } from '../chat/deskModel';
import { useAppStore } from '../store/appStore';
import { combinedActivity, workActivityOf } from './workActivity';

/**
 * While the counsellor workspace is open, tells the main process what the counsellor is doing,
 * on the phone and in chats, whenever that changes (the slice drops repeats); the main process
 * turns it into the presence state the hub and the supervisors see.
 */
export function usePresenceReport(): void {
  const activity = useAppStore((state) => combinedActivity(workActivityOf(state.softphone.call.phase), chatActivityOf(state.chat.desk)));
  const report = useAppStore((state) => state.reportActivity);
  useEffect(() => {
    report(activity);
  }, [activity, report]);
}
