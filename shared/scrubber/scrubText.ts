import { findAddresses } from './address';
import { findDigitSequences } from './digitSequences';
import { findEmails } from './email';
import { findIps } from './ip';
import { scrubMasks, type Finding, type ScrubKind } from './masks';
import { findUrls } from './url';

export { scrubKinds, scrubMasks, type Finding, type ScrubKind } from './masks';

export interface ScrubResult {
  /** The text with every finding replaced by its mask from `scrubMasks`. */
  text: string;
  /** What was masked, in order, never overlapping; offsets into the ORIGINAL text. */
  findings: Finding[];
}

/**
 * When two detectors claim overlapping text, both spans are masked as one (so nothing of either
 * survives), named after the longer claim: an e-mail address contains a host name, a link may
 * contain an e-mail address. Equal lengths go to the more specific kind, earliest here.
 */
const specificity: readonly ScrubKind[] = ['email', 'url', 'ip', 'cpr', 'phone', 'address', 'handle', 'number'];

const detectors: readonly ((text: string, out: Finding[]) => void)[] = [findEmails, findUrls, findIps, findDigitSequences, findAddresses];

/**
 * Masks everything in free text that could identify a caller: phone numbers, e-mail addresses,
 * CPR numbers, IP addresses, links, street addresses, @user names and long digit runs. Pure and
 * linear in the length of the text, so it can run on every keystroke of the contact form and as
 * a last filter on log lines.
 */
export function scrubText(text: string): ScrubResult {
  const raw: Finding[] = [];
  for (const detect of detectors) detect(text, raw);
  const findings = merge(raw);
  return { text: applyMasks(text, findings), findings };
}

function merge(raw: Finding[]): Finding[] {
  const sorted = raw.filter((finding) => finding.end > finding.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Finding[] = [];
  let current: Finding | undefined;
  let currentLead: Finding | undefined;
  for (const finding of sorted) {
    if (current && currentLead && finding.start < current.end) {
      current.end = Math.max(current.end, finding.end);
      if (outranks(finding, currentLead)) {
        currentLead = finding;
        current.kind = finding.kind;
      }
      continue;
    }
    current = { kind: finding.kind, start: finding.start, end: finding.end };
    currentLead = finding;
    merged.push(current);
  }
  return merged;
}

function outranks(a: Finding, b: Finding): boolean {
  const lengthA = a.end - a.start;
  const lengthB = b.end - b.start;
  return lengthA !== lengthB ? lengthA > lengthB : specificity.indexOf(a.kind) < specificity.indexOf(b.kind);
}

/** Replaces each finding (sorted, not overlapping, as `scrubText` returns them) by its mask. */
export function applyMasks(text: string, findings: readonly Finding[]): string {
  let result = '';
  let last = 0;
  for (const finding of findings) {
    result += text.slice(last, finding.start) + scrubMasks[finding.kind];
    last = finding.end;
  }
  return result + text.slice(last);
}
