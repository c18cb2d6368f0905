// chart_render_p95_ms (DESIGN §8): how long `/scan show` and completion notifications wait for the
// severity chart. 100 renders of the 800×400 severity chart after a warm-up (the first render loads
// chart.js and fonts), p95 of the wall time per render. Also reports the trend chart and the cold start.
import { performance } from 'node:perf_hooks';
import { renderSeverityChart } from '../core/charts/severity-chart.js';
import { renderTrendChart } from '../core/charts/trend-chart.js';
import { figure, report } from './figures.js';

const RUNS = 100;
const WARM_UP = 10;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timeRenders(render: (i: number) => Promise<Buffer>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await render(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const png = await render(i);
    times.push(performance.now() - start);
    if (png.length < 1000) throw new Error('chart render produced no image');
  }
  return times;
}

const coldStart = performance.now();
await renderSeverityChart({ critical: 1, high: 2, medium: 3, low: 4, info: 5 });
const coldMs = performance.now() - coldStart;

// Counts vary per render so nothing can be cached between iterations.
const severity = await timeRenders((i) => renderSeverityChart({ critical: i % 7, high: (i * 3) % 11, medium: (i * 5) % 13, low: i % 4, info: 20 + (i % 9) }));
const trendPoints = Array.from({ length: 12 }, (_, run) => ({ run: run + 1, startTime: `2025-03-${String(run + 1).padStart(2, '0')}T10:00:00Z`, severity: { critical: run % 3, high: run % 5, medium: 4, low: 2, info: 10 + run } }));
const trend = await timeRenders(() => renderTrendChart(trendPoints));

report([
  figure('chart_render_p95_ms', percentile(severity, 95), 'ms', { target: '≤ 100 ms (chat replies wait for it)' }),
  figure('chart_render_p50_ms', percentile(severity, 50), 'ms'),
  figure('trend_chart_render_p95_ms', percentile(trend, 95), 'ms'),
  figure('chart_render_cold_ms', coldMs, 'ms'),
]);
