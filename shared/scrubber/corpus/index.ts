import { negativeBlind, negativeHard, positiveBlind, positiveHard } from './hardCases';
import { negativeNumbers } from './negativeNumbers';
import { negativeText } from './negativeText';
import { positiveAddress, positiveMixed, positiveRare } from './positiveAddress';
import { positiveCpr } from './positiveCpr';
import { positiveEmail } from './positiveEmail';
import { positivePhone } from './positivePhone';
import { positiveIp, positiveUrl } from './positiveUrlIp';

/** Sentences with identifiers marked `{kind:text}` (see annotation.ts). */
export const positiveCorpus: readonly string[] = [
  ...positivePhone,
  ...positiveCpr,
  ...positiveEmail,
  ...positiveUrl,
  ...positiveIp,
  ...positiveAddress,
  ...positiveRare,
  ...positiveMixed,
  ...positiveHard,
  ...positiveBlind,
];

/** Sentences that must come out of the scrubber unchanged. */
export const negativeCorpus: readonly string[] = [...negativeNumbers, ...negativeText, ...negativeHard, ...negativeBlind];
