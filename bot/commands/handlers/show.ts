// `/scan show ID`: the summary with the severity chart attached when charts are wired and there are findings.
import type { ReplyFile } from '../reply.js';
import { showReply } from '../../presenters/scan.js';
import type { CommandHandler } from '../handler.js';

export const show: CommandHandler<'show'> = async (args, { deps }) => {
  const summary = await deps.service.show(args.id);
  let chart: ReplyFile | undefined;
  if (deps.charts && summary.findings > 0) {
    try {
      const day = (summary.resultsEndedAt ?? summary.startTime ?? new Date().toISOString()).slice(0, 10);
      const run = summary.resultsRun ?? summary.run;
      const png = await deps.charts.renderSeverityChart(summary.severity, { title: `${summary.id}${run ? ` run ${run}` : ''} · ${day} · findings by severity` });
      chart = { name: `${summary.id}-severity.png`, mime: 'image/png', data: png, title: `${summary.id} findings by severity` };
    } catch (error) {
      deps.logger.warn({ err: error, scanId: summary.id }, 'severity chart failed; replying without it');
    }
  }
  return showReply(summary, chart);
};
