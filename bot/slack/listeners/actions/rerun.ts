// The Rerun button (action_id `scan.rerun`, value = scan id).
import type { App } from '@slack/bolt';
import type { ListenerContext } from '../context.js';
import { registerButton } from './button.js';

export function registerRerunButton(app: App, ctx: ListenerContext): void {
  registerButton(app, ctx, 'scan.rerun');
}
