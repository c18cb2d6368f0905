// What every benchmark reports (DESIGN §8): one figure per measured quantity, with an optional baseline
// and the ratio to it. A bench script prints its figures as one JSON line prefixed `BENCH_FIGURES `.

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  /** What the baseline is, e.g. "fast-xml-parser whole document". */
  baselineName?: string;
  target?: string;
}

export function figure(name: string, value: number, unit: string, extra: Omit<BenchFigure, 'name' | 'value' | 'unit'> = {}): BenchFigure {
  const rounded = Math.round(value * 100) / 100;
  const withRatio = extra.baseline !== undefined && extra.baseline !== 0 ? { ratio: Math.round((value / extra.baseline) * 100) / 100 } : {};
  return { name, value: rounded, unit, ...extra, ...withRatio };
}

export function report(figures: BenchFigure[]): void {
  process.stdout.write(`BENCH_FIGURES ${JSON.stringify(figures)}\n`);
}
