// Findings over runs: one stacked bar per run, a segment per severity, most severe at the bottom. Shows a
// manager whether exposure is shrinking; used in the executive report and scheduled summaries.
import type { ChartConfiguration } from 'chart.js';
import type { SeverityCounts } from '../scans/scan-model.js';
import { SEVERITIES } from '../../scanner/types.js';
import { CHART_GRID_COLOUR, CHAT_CHART_SIZE, renderChartPng } from './chart-canvas.js';
import type { ChartOptions } from './severity-chart.js';
import { SEVERITY_COLOURS, SEVERITY_LABELS } from './severity-colours.js';

export interface TrendPoint {
  run: number;
  /** ISO time the run started; `null` when it never started. */
  startTime: string | null;
  severity: SeverityCounts;
}

/** At most this many runs are drawn (the most recent); more would make unreadable slivers. */
export const TREND_MAX_RUNS = 20;

function runLabel(point: TrendPoint): string[] {
  const date = point.startTime ? point.startTime.slice(0, 10) : '';
  return date ? [`Run ${point.run}`, date] : [`Run ${point.run}`];
}

export function trendChartConfig(trend: readonly TrendPoint[], options: ChartOptions = {}): ChartConfiguration<'bar'> {
  const points = [...trend].sort((a, b) => a.run - b.run).slice(-TREND_MAX_RUNS);
  const title = options.title ?? (points.length === 0 ? 'Findings over runs (no completed run yet)' : 'Findings over runs');
  return {
    type: 'bar',
    data: {
      labels: points.map(runLabel),
      datasets: SEVERITIES.map((severity) => ({
        label: SEVERITY_LABELS[severity],
        data: points.map((p) => Math.max(0, Math.floor(p.severity[severity] || 0))),
        backgroundColor: SEVERITY_COLOURS[severity],
        borderWidth: 0,
        maxBarThickness: 70,
      })),
    },
    options: {
      layout: { padding: { top: 8, right: 24, bottom: 8, left: 16 } },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 16, font: { size: 13 } } },
        title: { display: true, text: title.slice(0, 140), font: { size: 20, weight: 'bold' }, padding: { bottom: 12 } },
      },
      scales: {
        x: { stacked: true, grid: { display: false } },
        y: { stacked: true, beginAtZero: true, suggestedMax: 1, ticks: { precision: 0 }, grid: { color: CHART_GRID_COLOUR } },
      },
    },
  };
}

/** PNG (800×400 unless a size is given) of findings per run, stacked by severity. */
export function renderTrendChart(trend: readonly TrendPoint[], options: ChartOptions = {}): Promise<Buffer> {
  return renderChartPng(trendChartConfig(trend, options) as ChartConfiguration, options.size ?? CHAT_CHART_SIZE);
}
