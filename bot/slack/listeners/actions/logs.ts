// The Logs button (action_id `scan.logs`, value = scan id).
import type { App } from '@slack/bolt';
import type { ListenerContext } from '../context.js';
import { registerButton } from './button.js';

export function registerLogsButton(app: App, ctx: ListenerContext): void {
  registerButton(app, ctx, 'scan.logs');
}
