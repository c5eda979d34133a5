import { useEffect } from 'react';
import { useAppStore } from '../store/appStore';
import { shortcutCommand } from './shortcuts';

/** F9/F10/F8/F7 anywhere in the workspace, also while typing in a form (function keys type nothing). */
export function useSoftphoneShortcuts(): void {
  const phase = useAppStore((state) => state.softphone.call.phase);
  const run = useAppStore((state) => state.runSoftphoneCommand);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const command = shortcutCommand(event, phase);
      if (!command) return;
      event.preventDefault();
      run(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [phase, run]);
}
