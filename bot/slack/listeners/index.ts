// Registers every Slack listener: the /scan slash command and one handler per button.
import type { App } from '@slack/bolt';
import { registerDeleteButton } from './actions/delete.js';
import { registerLogsButton } from './actions/logs.js';
import { registerReportButton } from './actions/report.js';
import { registerRerunButton } from './actions/rerun.js';
import { registerShowButton } from './actions/show.js';
import { registerStopButton } from './actions/stop.js';
import { registerScanCommand } from './commands/scan.js';
import type { ListenerContext } from './context.js';

export function registerListeners(app: App, ctx: ListenerContext): void {
  registerScanCommand(app, ctx);
  for (const register of [registerStopButton, registerRerunButton, registerLogsButton, registerReportButton, registerDeleteButton, registerShowButton]) {
    register(app, ctx);
  }
}
