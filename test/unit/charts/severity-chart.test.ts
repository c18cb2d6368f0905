import { describe, it, expect } from 'vitest';
import { renderSeverityChart } from '../../../core/charts/severity-chart.js';
import { severityColourInt, severityColourRgb, SEVERITY_COLOURS } from '../../../core/charts/severity-colours.js';
import { SEVERITIES } from '../../../scanner/types.js';
import { decodePng, isPng } from './png-inspect.js';

describe('renderSeverityChart', () => {
  it('draws an 800x400 PNG with a bar in each severity colour that has findings', async () => {
    const png = await renderSeverityChart({ critical: 2, high: 5, medium: 9, low: 3, info: 14 });
    expect(isPng(png)).toBe(true);
    const image = await decodePng(png);
    expect([image.width, image.height]).toEqual([800, 400]);
    for (const severity of SEVERITIES) {
      expect(image.countColour(severityColourRgb(severity)), severity).toBeGreaterThan(500);
    }
  });

  it('gives taller bars more coloured pixels (bars are proportional to counts)', async () => {
    const image = await decodePng(await renderSeverityChart({ critical: 1, high: 10, medium: 0, low: 0, info: 0 }));
    const critical = image.countColour(severityColourRgb('critical'));
    const high = image.countColour(severityColourRgb('high'));
    expect(high).toBeGreaterThan(critical * 5);
    expect(image.countColour(severityColourRgb('medium'))).toBe(0);
  });

  it('renders an empty distribution without a crash and without coloured bars', async () => {
    const image = await decodePng(await renderSeverityChart({ critical: 0, high: 0, medium: 0, low: 0, info: 0 }));
    expect(image.width).toBe(800);
    for (const severity of SEVERITIES) expect(image.countColour(severityColourRgb(severity))).toBe(0);
  });

  it('honours a custom size and treats nonsense counts as zero', async () => {
    const png = await renderSeverityChart({ critical: Number.NaN, high: -3, medium: 4, low: 0, info: 0 }, { size: { width: 400, height: 240 }, title: 'SCAN-1001 <!channel>' });
    const image = await decodePng(png);
    expect([image.width, image.height]).toEqual([400, 240]);
    expect(image.countColour(severityColourRgb('high'))).toBe(0);
    expect(image.countColour(severityColourRgb('medium'))).toBeGreaterThan(100);
  });

  it('keeps concurrent renders apart (one shared canvas factory, one canvas per render)', async () => {
    const [onlyHigh, onlyLow] = await Promise.all([
      renderSeverityChart({ critical: 0, high: 9, medium: 0, low: 0, info: 0 }),
      renderSeverityChart({ critical: 0, high: 0, medium: 0, low: 9, info: 0 }),
    ]);
    const a = await decodePng(onlyHigh);
    const b = await decodePng(onlyLow);
    expect(a.countColour(severityColourRgb('high'))).toBeGreaterThan(1000);
    expect(a.countColour(severityColourRgb('low'))).toBe(0);
    expect(b.countColour(severityColourRgb('low'))).toBeGreaterThan(1000);
    expect(b.countColour(severityColourRgb('high'))).toBe(0);
  });

  it('refuses a size that is not a sane whole number of pixels', async () => {
    await expect(renderSeverityChart({ critical: 1, high: 0, medium: 0, low: 0, info: 0 }, { size: { width: 10, height: 400 } })).rejects.toThrow(RangeError);
  });
});

describe('severity colours', () => {
  it('are valid hex and convert consistently to int and rgb', () => {
    for (const severity of SEVERITIES) {
      expect(SEVERITY_COLOURS[severity]).toMatch(/^#[0-9A-F]{6}$/);
      const [r, g, b] = severityColourRgb(severity);
      expect((r << 16) | (g << 8) | b).toBe(severityColourInt(severity));
    }
    expect(severityColourInt('critical')).toBe(0x8b0000);
  });
});

describe('small severe bars stay visible', () => {
  it('6 critical beside 153 info: a log axis gives the critical bar a real share of the info bar', async () => {
    const image = await decodePng(await renderSeverityChart({ critical: 6, high: 0, medium: 0, low: 0, info: 153 }));
    const critical = image.countColour(severityColourRgb('critical'));
    const info = image.countColour(severityColourRgb('info'));
    // Linear, the critical bar would hold 6/153 ≈ 4 % of the info bar's pixels; on the log axis it is far more.
    expect(critical / info).toBeGreaterThan(0.3);
  });
});
