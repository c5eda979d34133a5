import { scrubKinds, type ScrubKind } from '../masks';

/**
 * Corpus sentences are written with their identifiers marked inline, `{phone:22 33 44 55}`, so
 * a reader sees at a glance what must be masked and the spans never drift from the text.
 */
export interface ExpectedFinding {
  kind: ScrubKind;
  start: number;
  end: number;
}

export interface CorpusCase {
  /** The sentence as the counsellor typed it (markup removed). */
  text: string;
  expected: ExpectedFinding[];
}

const markup = /\{([a-z]+):([^{}]+)\}/g;
const kindSet: ReadonlySet<string> = new Set(scrubKinds);

export function parseAnnotated(annotated: string): CorpusCase {
  const expected: ExpectedFinding[] = [];
  let text = '';
  let last = 0;
  for (const match of annotated.matchAll(markup)) {
    const [whole, kind = '', value = ''] = match;
    if (!kindSet.has(kind)) throw new Error(`unknown kind in corpus markup: ${kind}`);
    text += annotated.slice(last, match.index);
    expected.push({ kind: kind as ScrubKind, start: text.length, end: text.length + value.length });
    text += value;
    last = match.index + whole.length;
  }
  text += annotated.slice(last);
  return { text, expected };
}
