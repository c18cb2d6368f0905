// The severity distribution chart: one bar per severity in its colour with the count written on top. Posted
// with `/scan show` and completion notifications, and embedded in the PDF reports. When the counts differ by
// twenty times or more (6 critical beside 153 info) the axis is logarithmic and says so, so that the small,
// severe bars stay visible; the written counts keep the true values.
import type { ChartConfiguration } from 'chart.js';
import type { SeverityCounts } from '../scans/scan-model.js';
import { SEVERITIES } from '../../scanner/types.js';
import { CHART_GRID_COLOUR, CHAT_CHART_SIZE, renderChartPng } from './chart-canvas.js';
import { SEVERITY_COLOURS, SEVERITY_LABELS } from './severity-colours.js';
import { valueLabelsPlugin } from './value-labels-plugin.js';

export interface ChartOptions {
  /** Replaces the default title (e.g. to name the scan). Plain text; it is drawn, never interpreted. */
  title?: string;
  size?: { width: number; height: number };
}

function safeCount(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** Counts whose largest is at least this many times their smallest non-zero one get a logarithmic axis. */
export const LOG_SCALE_RATIO = 20;

export function severityChartConfig(counts: SeverityCounts, options: ChartOptions = {}): ChartConfiguration<'bar'> {
  const values = SEVERITIES.map((s) => safeCount(counts[s]));
  const total = values.reduce((a, b) => a + b, 0);
  const max = values.reduce((a, b) => Math.max(a, b), 0);
  const minNonZero = values.filter((v) => v > 0).reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const log = max >= LOG_SCALE_RATIO * minNonZero;
  const scaleNote = log ? ', log scale' : '';
  const title = options.title ? `${options.title}${log ? ' (log scale)' : ''}` : total === 0 ? 'No findings' : `Findings by severity (${total} total${scaleNote})`;
  const y = log
    ? // A count of 1 still gets a bar from 0.5; zero bars are not drawn, their "0" label sits on the axis.
      { type: 'logarithmic' as const, min: 0.5, suggestedMax: max * 2, ticks: { callback: (v: string | number) => (Number.isInteger(Math.log10(Number(v))) ? String(v) : '') }, grid: { color: CHART_GRID_COLOUR } }
    : {
        beginAtZero: true,
        // Head-room so the count above the tallest bar is not clipped.
        suggestedMax: max === 0 ? 1 : Math.ceil(max * 1.15),
        ticks: { precision: 0 },
        grid: { color: CHART_GRID_COLOUR },
      };
  return {
    type: 'bar',
    data: {
      labels: SEVERITIES.map((s) => SEVERITY_LABELS[s]),
      datasets: [
        {
          label: 'Findings',
          data: log ? values.map((v) => (v > 0 ? v : null)) : values,
          backgroundColor: SEVERITIES.map((s) => SEVERITY_COLOURS[s]),
          borderWidth: 0,
          borderRadius: 3,
          maxBarThickness: 110,
        },
      ],
    },
    options: {
      layout: { padding: { top: 8, right: 24, bottom: 8, left: 16 } },
      plugins: {
        legend: { display: false },
        title: { display: true, text: title.slice(0, 140), font: { size: 20, weight: 'bold' }, padding: { bottom: 16 } },
      },
      scales: {
        x: { grid: { display: false }, ticks: { font: { size: 15 } } },
        y,
      },
    },
    plugins: [valueLabelsPlugin],
  };
}

/** PNG (800×400 unless a size is given) of the severity distribution. */
export function renderSeverityChart(counts: SeverityCounts, options: ChartOptions = {}): Promise<Buffer> {
  return renderChartPng(severityChartConfig(counts, options) as ChartConfiguration, options.size ?? CHAT_CHART_SIZE);
}
