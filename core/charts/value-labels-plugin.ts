// Writes each bar's value above it (chart.js has no built-in data labels and the datalabels plugin is not
// a dependency). Used for the severity chart so counts are readable without hovering, which a PNG cannot do.
import type { Chart, Plugin } from 'chart.js';

export const valueLabelsPlugin: Plugin<'bar'> = {
  id: 'portcullisValueLabels',
  afterDatasetsDraw(chart: Chart<'bar'>) {
    const { ctx } = chart;
    ctx.save();
    ctx.font = `bold 15px ${String(chart.options.font?.family ?? 'sans-serif')}`;
    ctx.fillStyle = '#263238';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    chart.data.datasets.forEach((dataset, datasetIndex) => {
      const meta = chart.getDatasetMeta(datasetIndex);
      if (meta.hidden) return;
      meta.data.forEach((bar, index) => {
        const value = dataset.data[index];
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
        // A null bar (zero on a logarithmic axis) is not drawn: its count sits on the axis.
        if (value === null) ctx.fillText('0', x, chart.chartArea.bottom - 4);
        else if (typeof value === 'number' && Number.isFinite(y)) ctx.fillText(String(value), x, y - 4);
      });
    });
    ctx.restore();
  },
};
