import { SipRefusal } from './sipMessage';
import type { MediaServerList } from './mediaServers';

/**
 * Filters an SDP body line by line, by allow-list (RFC 8866 / RFC 8839). Inbound (provider to
 * renderer) it keeps only what a WebRTC audio call needs, neutralises the origin and session
 * name, and keeps connection addresses and ICE candidates only for configured media servers.
 * Unknown lines are dropped, so a new attribute cannot carry an identity through.
 */

/** Per-dialog numbers the SDP origin line must keep stable (RFC 3264 §8: version increments). */
export interface SdpDialogState {
  sessionId?: string;
  versionBase?: number;
}

const ATTRIBUTES_KEPT = new Set([
  'rtpmap', 'fmtp', 'rtcp-fb', 'rtcp-mux', 'rtcp-rsize', 'ptime', 'maxptime', 'mid', 'group',
  'sendrecv', 'sendonly', 'recvonly', 'inactive', 'ice-ufrag', 'ice-pwd', 'ice-options', 'ice-lite',
  'fingerprint', 'setup', 'end-of-candidates', 'extmap', 'extmap-allow-mixed',
]);

/** RTP header extensions a WebRTC audio call uses; others (free-form URIs) are dropped. */
const EXTMAP_URI = /^(urn:ietf:params:rtp-hdrext:[\w:-]+|http:\/\/www\.webrtc\.org\/experiments\/rtp-hdrext\/[\w-]+|http:\/\/www\.ietf\.org\/id\/draft-holmer-rmcat-transport-wide-cc-extensions-01)$/;
/** The m-line vocabulary (RFC 8866 §5.14): media kinds, transport protocols and formats. */
const MEDIA_KINDS = new Set(['audio', 'video', 'text', 'application', 'message', 'image']);
const MEDIA_PROTOCOL = /^(?:(?:UDP\/TLS\/|TCP\/TLS\/)?RTP\/S?AVPF?|(?:UDP|TCP)\/DTLS\/SCTP|DTLS\/SCTP|udptl|(?:TCP\/)?(?:TLS\/)?(?:MRCPv2|BFCP)|TCP|UDP)$/i;
const MEDIA_FORMAT = /^(?:\d{1,3}|webrtc-datachannel|t38|\*)$/;
/** Attribute values must be protocol text, not prose. */
const SAFE_VALUE = /^[\w .:;=/+\-#*]{0,256}$/;

export function filterInboundSdp(sdp: string, media: MediaServerList, state: SdpDialogState): string {
  const lines = sdp.split(/\r?\n/).filter((line) => line !== '');
  if (lines[0] !== 'v=0') throw new SipRefusal('unsupported-media');
  const out: string[] = [];
  let section: 'session' | 'audio' | 'rejected' = 'session';
  let audioUsable = false;
  // A session-level c= applies to every media section without its own (RFC 8866 §5.7).
  let sessionAddressAllowed = false;
  let sectionUsable = false;
  // Foundations are renumbered: they only need to group candidates, not to be the sender's.
  const foundations = new Map<string, number>();
  const closeSection = (): void => {
    if (section === 'audio' && sectionUsable) audioUsable = true;
  };

  for (const line of lines) {
    const type = line[0] ?? '';
    const value = line.slice(2);
    if (line[1] !== '=') throw new SipRefusal('unsupported-media');
    switch (type) {
      case 'v':
        out.push('v=0');
        break;
      case 'o':
        out.push(originLine(value, state));
        break;
      case 's':
        out.push('s=-');
        break;
      case 't':
        out.push('t=0 0');
        break;
      case 'c': {
        const address = connectionAddress(value);
        if (section === 'rejected') break;
        const allowed = address !== null && media.allows(address);
        if (allowed) out.push(`c=${value.split(' ').slice(0, 2).join(' ')} ${address}`);
        else out.push(value.includes('IP6') ? 'c=IN IP6 ::' : 'c=IN IP4 0.0.0.0');
        // A media-level c= overrides the session-level one for its section.
        if (section === 'session') sessionAddressAllowed = allowed;
        else sectionUsable = allowed;
        break;
      }
      case 'b':
        if (section !== 'rejected' && /^(AS|TIAS|CT|RR|RS):\d{1,9}$/.test(value)) out.push(line);
        break;
      case 'm': {
        closeSection();
        const match = /^(\w+) (\d{1,5}) ([\w/]+) ([\w* -]+)$/.exec(value);
        if (!match) throw new SipRefusal('unsupported-media');
        const [, kind = '', , profile = '', formats = ''] = match;
        // Every field is protocol vocabulary: a free word here would reach the renderer.
        if (!MEDIA_KINDS.has(kind) || !MEDIA_PROTOCOL.test(profile) || !formats.split(' ').every((format) => MEDIA_FORMAT.test(format))) {
          throw new SipRefusal('unsupported-media');
        }
        sectionUsable = sessionAddressAllowed;
        if (kind === 'audio') {
          section = 'audio';
          out.push(line);
        } else {
          // Audio only: other streams are declined (port 0), keeping the m-line count intact.
          section = 'rejected';
          out.push(`m=${kind} 0 ${profile} ${formats}`);
        }
        break;
      }
      case 'a':
        if (section !== 'rejected') {
          const kept = filterAttribute(value, media);
          if (kept?.kind === 'candidate') {
            out.push(`a=${candidateLine(value, foundations)}`);
            sectionUsable = true;
          } else if (kept) {
            out.push(`a=${kept.value}`);
          }
        } else if (value.startsWith('mid:') && SAFE_VALUE.test(value)) {
          out.push(line);
        }
        break;
      default:
        // i=, u=, e=, p=, k=, r=, z= and anything newer: dropped.
        break;
    }
  }
  closeSection();
  if (!audioUsable) throw new SipRefusal('no-media-server');
  return `${out.join('\r\n')}\r\n`;
}

function originLine(value: string, state: SdpDialogState): string {
  const parts = value.split(' ');
  const version = Number(parts[2]);
  if (parts.length !== 6 || !Number.isSafeInteger(version)) throw new SipRefusal('unsupported-media');
  // The renderer only needs the id to stay the same within the dialog. A constant carries nothing,
  // not even by chance (a random number can happen to contain digits of the sender's values).
  state.sessionId ??= '1';
  state.versionBase ??= version;
  // Keep increments visible (a re-offer must raise the version) without the provider's numbers.
  const shown = Math.max(1, version - state.versionBase + 1);
  return `o=- ${state.sessionId} ${shown} IN IP4 0.0.0.0`;
}

function connectionAddress(value: string): string | null {
  const match = /^IN IP[46] ([0-9a-fA-F.:]+)(\/\d+)*$/.exec(value);
  return match?.[1] ?? null;
}

type AttributeOutcome = { kind: 'keep'; value: string } | { kind: 'candidate' } | null;
const keep = (value: string): AttributeOutcome => ({ kind: 'keep', value });

function filterAttribute(value: string, media: MediaServerList): AttributeOutcome {
  const colon = value.indexOf(':');
  const name = colon === -1 ? value : value.slice(0, colon);
  const rest = colon === -1 ? '' : value.slice(colon + 1);
  if (name === 'candidate') return candidateAddressAllowed(rest, media) ? { kind: 'candidate' } : null;
  if (name === 'rtcp') {
    const match = /^(\d{1,5})(?: IN IP[46] ([0-9a-fA-F.:]+))?$/.exec(rest);
    if (!match) return null;
    return keep(match[2] === undefined || media.allows(match[2]) ? value : `rtcp:${match[1]}`);
  }
  if (!ATTRIBUTES_KEPT.has(name) || !SAFE_VALUE.test(rest)) return null;
  if (name === 'extmap') {
    const uri = rest.split(' ')[1] ?? '';
    return EXTMAP_URI.test(uri) ? keep(value) : null;
  }
  if (name === 'fingerprint' && !/^[\w-]+ [0-9A-Fa-f:]+$/.test(rest)) return null;
  return keep(value);
}

interface Candidate {
  foundation: string;
  component: string;
  transport: string;
  priority: string;
  address: string;
  port: string;
  type: string;
  tcpType?: string;
}

function parseCandidate(rest: string): Candidate | null {
  const parts = rest.split(' ');
  const [foundation, component, transport, priority, address, port, typ, type] = parts;
  if (!foundation || !component || !transport || !priority || !address || !port || typ !== 'typ' || !type) return null;
  if (!/^\d{1,3}$/.test(component) || !/^\d{1,10}$/.test(priority) || !/^\d{1,5}$/.test(port)) return null;
  if (!/^(udp|tcp)$/i.test(transport) || !/^(host|srflx|prflx|relay)$/.test(type)) return null;
  const tcpIndex = parts.indexOf('tcptype');
  const tcpType = tcpIndex === -1 ? undefined : parts[tcpIndex + 1];
  return { foundation, component, transport, priority, address, port, type, tcpType };
}

function candidateAddressAllowed(rest: string, media: MediaServerList): boolean {
  const candidate = parseCandidate(rest);
  return candidate !== null && media.allows(candidate.address);
}

/**
 * Rebuilds a candidate from its protocol fields only. The related address (raddr, which for a
 * reflexive candidate is the sender's private address) and all extensions are dropped.
 */
function candidateLine(value: string, foundations: Map<string, number>): string {
  const candidate = parseCandidate(value.slice('candidate:'.length));
  if (!candidate) throw new SipRefusal('unsupported-media');
  const foundation = foundations.get(candidate.foundation) ?? foundations.size + 1;
  foundations.set(candidate.foundation, foundation);
  const related = candidate.type === 'host' ? '' : ' raddr 0.0.0.0 rport 0';
  const tcp = candidate.tcpType && /^(active|passive|so)$/.test(candidate.tcpType) ? ` tcptype ${candidate.tcpType}` : '';
  return `candidate:${foundation} ${candidate.component} ${candidate.transport} ${candidate.priority} ${candidate.address} ${candidate.port} typ ${candidate.type}${related}${tcp}`;
}

/**
 * Outbound (renderer to provider) the SDP is the counsellor's own; only the origin line's
 * user name and the session name are neutralised, so the browser's defaults say nothing.
 */
export function filterOutboundSdp(sdp: string): string {
  return sdp
    .split(/\r?\n/)
    .filter((line) => line !== '' && !/^[iuepkz]=/.test(line))
    .map((line) => {
      if (line.startsWith('o=')) return `o=- ${line.slice(2).split(' ').slice(1).join(' ')}`;
      if (line.startsWith('s=')) return 's=-';
      return line;
    })
    .join('\r\n')
    .concat('\r\n');
}
