// The chart renderers share one ChartJSNodeCanvas per image size: creating one loads a fresh chart.js and
// canvas, which costs far more than a render. Also sets the look every chart shares (font, white background).
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { ChartConfiguration } from 'chart.js';

/** Size of charts posted to chat: readable in a Slack/Discord message at its natural size. */
export const CHAT_CHART_SIZE = { width: 800, height: 400 } as const;

/** DejaVu Sans is on most Linux hosts (Debian: fonts-dejavu-core); fontconfig falls back to any sans. */
export const CHART_FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
export const CHART_TEXT_COLOUR = '#263238';
export const CHART_GRID_COLOUR = '#E0E0E0';

const canvases = new Map<string, ChartJSNodeCanvas>();

function canvasFor(width: number, height: number): ChartJSNodeCanvas {
  const key = `${width}x${height}`;
  let canvas = canvases.get(key);
  if (!canvas) {
    canvas = new ChartJSNodeCanvas({
      width,
      height,
      backgroundColour: '#FFFFFF',
      chartCallback: (chartJs) => {
        chartJs.defaults.font.family = CHART_FONT_FAMILY;
        chartJs.defaults.font.size = 14;
        chartJs.defaults.color = CHART_TEXT_COLOUR;
        chartJs.defaults.devicePixelRatio = 1;
      },
    });
    canvases.set(key, canvas);
  }
  return canvas;
}

/** Renders a chart.js configuration to a PNG of exactly `width`×`height` pixels. */
export async function renderChartPng(
  configuration: ChartConfiguration,
  size: { width: number; height: number } = CHAT_CHART_SIZE,
): Promise<Buffer> {
  if (!Number.isInteger(size.width) || !Number.isInteger(size.height) || size.width < 100 || size.height < 100 || size.width > 4000 || size.height > 4000) {
    throw new RangeError(`chart size must be whole pixels between 100 and 4000, got ${size.width}x${size.height}`);
  }
  // chartjs-node-canvas types its configuration against chart.js/auto; the shapes are the same object.
  return await canvasFor(size.width, size.height).renderToBuffer(configuration as Parameters<ChartJSNodeCanvas['renderToBuffer']>[0], 'image/png');
}
