/** One measured figure, compared with a baseline measured in the same run. */
export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** What the baseline is, e.g. "sha256sum on the same file". */
  baseline: string;
  baselineValue: number;
  /** value / baselineValue, or baselineValue / value when lower is better (always "higher is better"). */
  ratio: number;
  target?: string;
  met?: boolean;
  note?: string;
}

export interface BenchSection {
  name: string;
  run(): Promise<Figure[]>;
}

/** Ratio where higher is better for both kinds of figure. */
export function ratioOf(value: number, baseline: number, higherIsBetter: boolean): number {
  if (value === 0 || baseline === 0) return 0;
  return higherIsBetter ? value / baseline : baseline / value;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** `value` rounded to `digits` decimals, for the table and the JSON. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
