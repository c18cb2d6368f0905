// Buttons → commands. A button carries an action id (ReplyButton.action) and a scan id (its value); when
// a user clicks it (after the platform's confirm dialog for Stop/Delete), the adapter turns it into a
// CommandRequest with `commandForAction` and passes it to handleCommand like any other command, so the
// role check and the audit log apply to buttons too.
//
// Confirm protocol for delete: `/scan delete ID` only asks (a `scan.delete` button with `confirm`);
// the button's click becomes `delete ID confirm=yes`, which deletes. Typing `confirm=yes` skips the
// question on purpose.
import type { ReplyButton } from './reply.js';
import type { CommandRequest } from './definitions.js';

export type ButtonAction = ReplyButton['action'];

export const BUTTON_ACTIONS: readonly ButtonAction[] = ['scan.stop', 'scan.rerun', 'scan.logs', 'scan.report', 'scan.delete', 'scan.show'];

export function isButtonAction(value: string): value is ButtonAction {
  return (BUTTON_ACTIONS as readonly string[]).includes(value);
}

export function commandForAction(action: ButtonAction, value: string): CommandRequest {
  switch (action) {
    case 'scan.stop':
      return { name: 'stop', args: { id: value } };
    case 'scan.rerun':
      return { name: 'rerun', args: { id: value } };
    case 'scan.logs':
      return { name: 'logs', args: { id: value } };
    case 'scan.report':
      return { name: 'report', args: { id: value, kind: 'executive', format: 'pdf' } };
    case 'scan.delete':
      return { name: 'delete', args: { id: value, confirm: 'yes' } };
    case 'scan.show':
      return { name: 'show', args: { id: value } };
  }
}
