import { isSmall, type CellId, type CountModel } from './suppression';

/**
 * An independent check of a suppression pattern, stronger than the per-equation rules that
 * produce it: which hidden counts could a reader compute exactly by combining *any* number of
 * the equations with the shown counts (exact rational elimination)? The statistics tests run it
 * on every generated report; it is too slow for a year of hour cells, which is why the report
 * itself relies on the rules in suppression.ts (for our tables, trees of equations hanging off
 * one small 3×3 table of channels × returning, the rules are sufficient; the tests check that).
 *
 * Returns the hidden cells that are published, or small, and yet determined.
 */
export function determinedHiddenCells(model: CountModel, hidden: readonly boolean[], k: number): CellId[] {
  const unknowns = model.values.map((_, id) => id).filter((id) => hidden[id]);
  const column = new Map(unknowns.map((id, index) => [id, index]));
  // Each equation, over the unknowns only (shown counts are constants and drop out).
  const rows: Fraction[][] = model.equations.map((equation) => {
    const row = unknowns.map(() => ZERO);
    const add = (id: CellId, sign: bigint): void => {
      const index = column.get(id);
      if (index !== undefined) row[index] = plus(row[index] as Fraction, { n: sign, d: 1n });
    };
    add(equation.total, 1n);
    for (const part of equation.parts) add(part, -1n);
    return row;
  });
  const reduced = reducedRowEchelon(rows, unknowns.length);
  // A reduced row with a single non-zero entry pins that unknown down, and only such rows do.
  const determined: CellId[] = [];
  for (const row of reduced) {
    const nonZero = row.flatMap((value, index) => (value.n === 0n ? [] : [index]));
    if (nonZero.length !== 1) continue;
    const id = unknowns[nonZero[0] as number] as CellId;
    if (model.published[id] || isSmall(model.valueOf(id), k)) determined.push(id);
  }
  return determined.sort((a, b) => a - b);
}

interface Fraction {
  n: bigint;
  d: bigint;
}
const ZERO: Fraction = { n: 0n, d: 1n };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}
function normal(n: bigint, d: bigint): Fraction {
  if (n === 0n) return ZERO;
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d);
  return { n: (sign * n) / g, d: (sign * d) / g };
}
const plus = (a: Fraction, b: Fraction): Fraction => normal(a.n * b.d + b.n * a.d, a.d * b.d);
const times = (a: Fraction, b: Fraction): Fraction => normal(a.n * b.n, a.d * b.d);
const over = (a: Fraction, b: Fraction): Fraction => normal(a.n * b.d, a.d * b.n);
const negate = (a: Fraction): Fraction => ({ n: -a.n, d: a.d });

function reducedRowEchelon(input: Fraction[][], columns: number): Fraction[][] {
  const rows = input.map((row) => [...row]);
  let pivotRow = 0;
  for (let col = 0; col < columns && pivotRow < rows.length; col++) {
    const found = rows.findIndex((row, index) => index >= pivotRow && (row[col] as Fraction).n !== 0n);
    if (found < 0) continue;
    [rows[pivotRow], rows[found]] = [rows[found] as Fraction[], rows[pivotRow] as Fraction[]];
    const pivot = rows[pivotRow] as Fraction[];
    const lead = pivot[col] as Fraction;
    for (let c = 0; c < columns; c++) pivot[c] = over(pivot[c] as Fraction, lead);
    rows.forEach((row, index) => {
      const factor = row[col] as Fraction;
      if (index === pivotRow || factor.n === 0n) return;
      for (let c = 0; c < columns; c++) row[c] = plus(row[c] as Fraction, negate(times(factor, pivot[c] as Fraction)));
    });
    pivotRow += 1;
  }
  return rows.slice(0, pivotRow);
}
