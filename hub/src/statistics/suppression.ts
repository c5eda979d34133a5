/**
 * Small-cell suppression for published counts (DESIGN.md I8). Pure: counts in, hidden flags out.
 *
 * A report is a set of cells (counts) and equations between them, `total = sum of parts` (hour
 * cells add up to their day, days to their channel, channels to all contacts, the values of a
 * category to all contacts, …). Rules, in this order:
 *
 * 1. Primary: a published count from 1 to k−1 is hidden. Zero is shown: an empty hour or an
 *    unused category describes nobody, and hiding every zero would hide most of a sparse table
 *    while protecting no one. (Zeros are therefore never chosen to protect another cell either:
 *    a hidden cell is known to be at least 1, see rule 3.)
 * 2. Differencing: an equation with exactly one hidden member gives that member away (total
 *    minus parts, or the sum of the parts), so every equation has no hidden member or at least
 *    two. The one exception is a cell no table shows (e.g. "callers who were not frequent"),
 *    when it is 0 or at least k: working it out reveals no small number.
 * 3. Lower bounds: since zeros are shown, a hidden published count is at least 1 (an unpublished
 *    one at least 0). If a shown total leaves the hidden parts exactly their lower bounds (two
 *    hidden parts adding up to 2), each would be known to be 1; that equation needs another
 *    hidden member too.
 *
 * A violated equation is repaired by hiding its smallest non-zero shown part, or, when no part
 * qualifies, its total; every equation touching a newly hidden cell is checked again, until
 * nothing changes. Each repair hides one more cell, so this ends. The choice is deterministic
 * (smallest value, then first cell), so the same counts always give the same pattern.
 */
export type CellId = number;

export interface CountEquation {
  total: CellId;
  parts: readonly CellId[];
}

/** The cells of one report and the equations a reader could use between them. */
export class CountModel {
  readonly values: number[] = [];
  readonly published: boolean[] = [];
  readonly equations: CountEquation[] = [];

  /** A count. `published: false` marks a count no table shows but a reader could work out. */
  cell(value: number, options: { published?: boolean } = {}): CellId {
    if (!Number.isInteger(value) || value < 0) throw new Error(`a count must be a whole number ≥ 0, got ${value}`);
    this.values.push(value);
    this.published.push(options.published ?? true);
    return this.values.length - 1;
  }

  /** Declares `total = sum(parts)`; the counts must agree (a model that lies protects nothing). */
  equation(total: CellId, parts: readonly CellId[]): void {
    const sum = parts.reduce((acc, part) => acc + this.valueOf(part), 0);
    if (sum !== this.valueOf(total)) throw new Error(`equation does not hold: cell ${total} is ${this.valueOf(total)}, its parts add up to ${sum}`);
    if (new Set([total, ...parts]).size !== parts.length + 1) throw new Error('an equation names a cell twice');
    this.equations.push({ total, parts: [...parts] });
  }

  valueOf(id: CellId): number {
    const value = this.values[id];
    if (value === undefined) throw new Error(`no cell ${id}`);
    return value;
  }
}

export interface Suppression {
  /** Per cell: not shown (always true for unpublished cells). */
  readonly hidden: readonly boolean[];
  /** How many published cells rule 1 hid, and how many more rules 2 and 3 hid. */
  readonly primary: number;
  readonly secondary: number;
}

export function isSmall(value: number, k: number): boolean {
  return value >= 1 && value < k;
}

/** Why an equation, as it stands, gives a hidden count away; null when it does not. */
export function equationLeak(model: CountModel, hidden: readonly boolean[], equation: CountEquation, k: number): 'single-hidden' | 'lower-bounds' | null {
  const members = [equation.total, ...equation.parts];
  const hiddenMembers = members.filter((id) => hidden[id]);
  if (hiddenMembers.length === 0) return null;
  if (hiddenMembers.length === 1) {
    const only = hiddenMembers[0] as CellId;
    const harmless = !model.published[only] && !isSmall(model.valueOf(only), k);
    return harmless ? null : 'single-hidden';
  }
  if (!hidden[equation.total]) {
    const hiddenParts = equation.parts.filter((id) => hidden[id]);
    const hiddenSum = hiddenParts.reduce((acc, id) => acc + model.valueOf(id), 0);
    const lowerBounds = hiddenParts.reduce((acc, id) => acc + (model.published[id] ? 1 : 0), 0);
    if (hiddenSum === lowerBounds && hiddenParts.some((id) => model.published[id])) return 'lower-bounds';
  }
  return null;
}

/** Decides which cells to hide so that no count from 1 to k−1 is shown or can be worked out. */
export function suppressSmallCounts(model: CountModel, k: number): Suppression {
  if (!Number.isInteger(k) || k < 2) throw new Error(`k must be a whole number ≥ 2, got ${k}`);
  const cellCount = model.values.length;
  const hidden = model.values.map((value, id) => !model.published[id] || isSmall(value, k));
  const primary = model.values.filter((value, id) => model.published[id] && isSmall(value, k)).length;

  const equationsOf: number[][] = Array.from({ length: cellCount }, () => []);
  model.equations.forEach((equation, index) => {
    for (const id of [equation.total, ...equation.parts]) equationsOf[id]?.push(index);
  });
  // An unshown cell is unknown to the reader only because it sits in one equation; in two, one
  // could give it away to the other, which the rules above do not follow.
  if (equationsOf.some((list, id) => !model.published[id] && list.length > 1)) throw new Error('an unpublished cell may belong to one equation only');

  const queue: number[] = model.equations.map((_, index) => index);
  const queued = model.equations.map(() => true);
  let secondary = 0;
  while (queue.length > 0) {
    const index = queue.shift() as number;
    queued[index] = false;
    const equation = model.equations[index] as CountEquation;
    if (!equationLeak(model, hidden, equation, k)) continue;
    const complement = chooseComplement(model, hidden, equation);
    hidden[complement] = true;
    secondary += 1;
    for (const other of equationsOf[complement] ?? []) {
      if (!queued[other]) {
        queued[other] = true;
        queue.push(other);
      }
    }
    // This equation may still leak (e.g. the lower-bound rule); look at it again.
    if (!queued[index]) {
      queued[index] = true;
      queue.push(index);
    }
  }
  return { hidden, primary, secondary };
}

function chooseComplement(model: CountModel, hidden: readonly boolean[], equation: CountEquation): CellId {
  let best: CellId | null = null;
  for (const id of equation.parts) {
    if (hidden[id] || !model.published[id] || model.valueOf(id) === 0) continue;
    if (best === null || model.valueOf(id) < model.valueOf(best)) best = id;
  }
  if (best !== null) return best;
  if (!hidden[equation.total] && model.published[equation.total] && model.valueOf(equation.total) > 0) return equation.total;
  // Unreachable for a model whose equations hold: a leak needs a shown non-zero member to fix it.
  throw new Error(`cannot protect equation for cell ${equation.total}: no shown non-zero member left`);
}
