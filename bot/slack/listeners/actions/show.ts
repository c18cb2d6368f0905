// The Show button (action_id `scan.show`, value = scan id).
import type { App } from '@slack/bolt';
import type { ListenerContext } from '../context.js';
import { registerButton } from './button.js';

export function registerShowButton(app: App, ctx: ListenerContext): void {
  registerButton(app, ctx, 'scan.show');
}
