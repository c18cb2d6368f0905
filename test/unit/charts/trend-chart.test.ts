import { describe, it, expect } from 'vitest';
import { renderTrendChart, TREND_MAX_RUNS, trendChartConfig, type TrendPoint } from '../../../core/charts/trend-chart.js';
import { severityColourRgb } from '../../../core/charts/severity-colours.js';
import { decodePng, isPng } from './png-inspect.js';

function point(run: number, critical: number, info: number): TrendPoint {
  return { run, startTime: `2025-03-${String(run).padStart(2, '0')}T10:00:00Z`, severity: { critical, high: 0, medium: 0, low: 0, info } };
}

describe('renderTrendChart', () => {
  it('draws stacked bars per run in the severity colours', async () => {
    const png = await renderTrendChart([point(1, 3, 10), point(2, 1, 12), point(3, 0, 8)]);
    expect(isPng(png)).toBe(true);
    const image = await decodePng(png);
    expect([image.width, image.height]).toEqual([800, 400]);
    expect(image.countColour(severityColourRgb('critical'))).toBeGreaterThan(500);
    expect(image.countColour(severityColourRgb('info'))).toBeGreaterThan(2000);
    // Only the legend swatch is drawn for severities with no findings.
    expect(image.countColour(severityColourRgb('medium'))).toBeLessThan(400);
  });

  it('renders with no runs at all', async () => {
    const image = await decodePng(await renderTrendChart([]));
    expect(image.height).toBe(400);
  });

  it('orders runs and keeps only the most recent ones', () => {
    const many = Array.from({ length: TREND_MAX_RUNS + 5 }, (_, i) => point(TREND_MAX_RUNS + 5 - i, 1, 1));
    const config = trendChartConfig(many);
    const labels = config.data.labels as string[][];
    expect(labels).toHaveLength(TREND_MAX_RUNS);
    expect(labels[0]![0]).toBe('Run 6');
    expect(labels.at(-1)![0]).toBe(`Run ${TREND_MAX_RUNS + 5}`);
  });
});
