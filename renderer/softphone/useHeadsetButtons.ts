import { useEffect } from 'react';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { mediaKeyActions, mediaKeyCommand } from './shortcuts';
import { isConnected } from './softphoneState';

/** The DOM typings know only the media-player actions; Chromium also has "hangup" and "togglemicrophone". */
type SetActionHandler = (action: string, handler: (() => void) | null) => void;

/**
 * Headset and media keys through the Media Session API, where the platform has it. Handlers are
 * set per call phase and removed otherwise, so a media key outside a call does nothing here.
 * The metadata says only what kind of call it is: there is nothing about the caller to show.
 */
export function useHeadsetButtons(): void {
  const t = useT();
  const phase = useAppStore((state) => state.softphone.call.phase);
  const run = useAppStore((state) => state.runSoftphoneCommand);
  useEffect(() => {
    const session = (navigator as Partial<Navigator>).mediaSession;
    if (!session) return;
    const setHandler = session.setActionHandler.bind(session) as SetActionHandler;
    const bound: string[] = [];
    for (const action of mediaKeyActions) {
      const command = mediaKeyCommand(action, phase);
      if (!command) continue;
      try {
        setHandler(action, () => run(command));
        bound.push(action);
      } catch {
        // This browser does not know the action.
      }
    }
    const inCall = phase === 'ringing' || phase === 'connecting' || isConnected(phase);
    if (typeof MediaMetadata !== 'undefined') {
      session.metadata = inCall
        ? new MediaMetadata({ title: t(phase === 'ringing' ? 'softphone.media.ringing' : 'softphone.media.inCall'), artist: t('app.name') })
        : null;
    }
    session.playbackState = inCall ? 'playing' : 'none';
    return () => {
      for (const action of bound) {
        try {
          setHandler(action, null);
        } catch {
          // Already gone.
        }
      }
    };
  }, [phase, run, t]);
}
