// Throughput of the free-text scrubber (shared/scrubber): the test corpus, with its markup
// removed, joined into one text of a few MB (the last-resort log filter's case) and scrubbed
// sentence by sentence (the contact form's case). MB are UTF-8 megabytes (10^6 bytes).
import { performance } from 'node:perf_hooks';
import { parseAnnotated } from '../shared/scrubber/corpus/annotation';
import { negativeCorpus, positiveCorpus } from '../shared/scrubber/corpus/index';
import { scrubText } from '../shared/scrubber/scrubText';
import { percentile, summary } from './stats';

const TARGET_BYTES = Number(process.env.TAVS_BENCH_SCRUB_BYTES ?? 4_000_000);
const RUNS = 20;

const sentences = [...positiveCorpus.map((annotated) => parseAnnotated(annotated).text), ...negativeCorpus];
const corpus = sentences.join('\n');
const bytes = (text: string): number => new TextEncoder().encode(text).length;
const corpusBytes = bytes(corpus);
const big = Array.from({ length: Math.ceil(TARGET_BYTES / corpusBytes) }, () => corpus).join('\n');
const bigBytes = bytes(big);

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

// Warm up: V8 compiles regular expressions and hot functions to machine code only after a while.
for (let i = 0; i < 10; i++) scrubText(big);

const whole: number[] = [];
for (let i = 0; i < RUNS; i++) whole.push(time(() => scrubText(big)));

// One sample = every corpus sentence scrubbed on its own, as the form does on each edit.
const perSentence: number[] = [];
const sentenceBytes = sentences.reduce((sum, sentence) => sum + bytes(sentence), 0);
const rounds = Math.max(1, Math.round(bigBytes / sentenceBytes / RUNS));
for (let i = 0; i < RUNS * 5; i++) {
  perSentence.push(
    time(() => {
      for (let round = 0; round < rounds; round++) for (const sentence of sentences) scrubText(sentence);
    }),
  );
}

const mbPerSecond = (megabytes: number, ms: number): string => `${(megabytes / (ms / 1000)).toFixed(1)} MB/s`;
const bigMb = bigBytes / 1e6;
const sentencesMb = (sentenceBytes * rounds) / 1e6;
console.log(`free-text scrubber: corpus (${sentences.length} sentences) repeated to ${bigMb.toFixed(1)} MB`);
console.log(`${summary(`scrubText, one ${bigMb.toFixed(1)} MB text`, whole)}  ${mbPerSecond(bigMb, percentile(whole, 50))} (p50)`);
console.log(
  `${summary(`scrubText, ${sentences.length * rounds} sentences one by one`, perSentence)}  ${mbPerSecond(sentencesMb, percentile(perSentence, 50))} (p50)`,
);
