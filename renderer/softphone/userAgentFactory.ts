import { UserAgent, type UserAgentDelegate } from 'sip.js';
import type { SoftphoneConfig } from '../../shared/contract/schemas';
import type { TavsApiClient } from './apiClient';
import { TavsTransport, type TavsTransportOptions } from './tavsTransport';

/** Loopback and a media anchor: ICE has nothing to wait for beyond the host candidates. */
const ICE_GATHERING_TIMEOUT_MS = 500;

/**
 * The sip.js UserAgent of the softphone: the address the main process gave (its local view,
 * mapped to the real one by the firewall), the transport over `window.tavs`, audio-only WebRTC
 * with the configured ICE servers. No credentials: the main process answers digest challenges.
 * Returns null if the address is not a SIP URI.
 */
export function createUserAgent(config: SoftphoneConfig, api: TavsApiClient, delegate: UserAgentDelegate): UserAgent | null {
  const uri = UserAgent.makeURI(config.aor);
  if (!uri) return null;
  const transportOptions: TavsTransportOptions = { api };
  return new UserAgent({
    uri,
    transportConstructor: TavsTransport,
    transportOptions,
    delegate,
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: config.iceServers, iceTransportPolicy: config.iceTransportPolicy },
      iceGatheringTimeout: ICE_GATHERING_TIMEOUT_MS,
    },
    userAgentString: 'Tavs',
    logLevel: 'error',
  });
}
