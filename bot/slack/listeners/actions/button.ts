// One button of a scan message: ack() first, then the button becomes the command the command layer
// defines for it (commandForAction), so roles and the audit log apply exactly as for typed commands.
// Stop and Delete reach this point only after the user confirmed Slack's `confirm` dialog.
import type { App, BlockButtonAction, SlackActionMiddlewareArgs, AllMiddlewareArgs } from '@slack/bolt';
import { commandForAction, type ButtonAction } from '../../../commands/actions.js';
import { actorFromAction } from '../../actor.js';
import { actionIdPattern } from '../../render/buttons.js';
import type { ListenerContext } from '../context.js';
import { runAndDeliver } from '../run-and-deliver.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export function registerButton(app: App, ctx: ListenerContext, action: ButtonAction): void {
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: actionIdPattern(action) }, async ({ ack, body, action: clicked, client, respond }: ButtonArgs) => {
    await ack();
    const scanId = clicked.value ?? '';
    await runAndDeliver(ctx, client, actorFromAction(body), { command: commandForAction(action, scanId) }, respond);
  });
}
