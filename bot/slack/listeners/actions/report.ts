// The Report button (action_id `scan.report`, value = scan id).
import type { App } from '@slack/bolt';
import type { ListenerContext } from '../context.js';
import { registerButton } from './button.js';

export function registerReportButton(app: App, ctx: ListenerContext): void {
  registerButton(app, ctx, 'scan.report');
}
