/**
 * Time in state counted on the hub's clock: the hub says when the state began (`since`) and
 * when it made the snapshot (`generatedAt`); the workstation adds only how long ago it received
 * the snapshot. A workstation clock that is minutes off therefore cannot make a counsellor look
 * minutes longer (or negative) in a state.
 */
export function timeInStateMs(since: string, generatedAt: string, receivedAt: number, now: number): number {
  const atSnapshot = Date.parse(generatedAt) - Date.parse(since);
  const sinceSnapshot = now - receivedAt;
  const total = atSnapshot + sinceSnapshot;
  return Number.isFinite(total) ? Math.max(0, total) : 0;
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** "0:07", "12:34", "1:02:03"; a day or more as "2 d 03:04" (days and hours:minutes). */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.floor(Math.max(0, ms) / 1000);
  const seconds = totalSeconds % 60;
  const totalMinutes = Math.floor(totalSeconds / 60);
  const minutes = totalMinutes % 60;
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours >= 24) return `${Math.floor(totalHours / 24)} d ${pad(totalHours % 24)}:${pad(minutes)}`;
  if (totalHours > 0) return `${totalHours}:${pad(minutes)}:${pad(seconds)}`;
  return `${minutes}:${pad(seconds)}`;
}
