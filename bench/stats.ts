/** Percentile of a sample (nearest-rank), for the benchmark reports. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summary(label: string, samplesMs: readonly number[]): string {
  const p50 = percentile(samplesMs, 50);
  const p99 = percentile(samplesMs, 99);
  return `${label.padEnd(44)} n=${String(samplesMs.length).padStart(5)}  p50=${p50.toFixed(3)} ms  p99=${p99.toFixed(3)} ms`;
}
