import { scrubMasks, type Finding, type ScrubKind } from '../../shared/scrubber/scrubText';

export type PreviewSegment = { kind: 'text'; text: string } | { kind: 'mask'; scrub: ScrubKind; mask: string; original: string };

/**
 * The summary as it will be stored, in pieces: plain text, and each mask with what it replaces,
 * so the form can highlight the masks and list what was found (`findings` as scrubText returns
 * them: sorted, not overlapping, offsets into `text`).
 */
export function maskSegments(text: string, findings: readonly Finding[]): PreviewSegment[] {
  const segments: PreviewSegment[] = [];
  let last = 0;
  for (const finding of findings) {
    if (finding.start > last) segments.push({ kind: 'text', text: text.slice(last, finding.start) });
    segments.push({ kind: 'mask', scrub: finding.kind, mask: scrubMasks[finding.kind], original: text.slice(finding.start, finding.end) });
    last = finding.end;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

const maskPattern = new RegExp(
  Object.values(scrubMasks)
    .map((mask) => mask.replace(/[[\]\\^$.|?*+(){}-]/g, '\\$&'))
    .join('|'),
  'g',
);
const kindOfMask = new Map<string, ScrubKind>(Object.entries(scrubMasks).map(([kind, mask]) => [mask, kind as ScrubKind]));

/** A stored (already masked) summary in pieces, so a shift list can highlight its masks too. */
export function storedSegments(summary: string): PreviewSegment[] {
  const segments: PreviewSegment[] = [];
  let last = 0;
  for (const match of summary.matchAll(maskPattern)) {
    const scrub = kindOfMask.get(match[0]);
    if (!scrub) continue;
    if (match.index > last) segments.push({ kind: 'text', text: summary.slice(last, match.index) });
    segments.push({ kind: 'mask', scrub, mask: match[0], original: '' });
    last = match.index + match[0].length;
  }
  if (last < summary.length) segments.push({ kind: 'text', text: summary.slice(last) });
  return segments;
}
