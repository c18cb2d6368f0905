// The Stop button (action_id `scan.stop`, value = scan id), behind a Block Kit confirm dialog.
import type { App } from '@slack/bolt';
import type { ListenerContext } from '../context.js';
import { registerButton } from './button.js';

export function registerStopButton(app: App, ctx: ListenerContext): void {
  registerButton(app, ctx, 'scan.stop');
}
