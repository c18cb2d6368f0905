// Reply buttons as Block Kit `actions` blocks. action_id is the reply's action (a `#n` suffix keeps ids
// unique when one action repeats, e.g. Show on every row of a list); value is the scan id. Stop and Delete
// always carry a `confirm` dialog, even if the command layer forgot one.
import type { types } from '@slack/bolt';
import type { ReplyButton } from '../../commands/reply.js';
import { clip, escapePlainText } from './escape.js';
import { SLACK_LIMITS } from './limits.js';

type ConfirmationDialog = types.ConfirmationDialog;
type Button = types.Button;
type ActionsBlock = types.ActionsBlock;

const MUTATING: ReadonlySet<ReplyButton['action']> = new Set(['scan.stop', 'scan.delete']);

/** Matches an action_id this renderer produced for `action`, with or without the `#n` suffix. */
export function actionIdPattern(action: ReplyButton['action']): RegExp {
  return new RegExp(`^${action.replace('.', '\\.')}(#\\d+)?$`);
}

function plain(text: string, max: number): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: clip(escapePlainText(text), max), emoji: true };
}

function confirmFor(button: ReplyButton): ConfirmationDialog | undefined {
  const confirm = button.confirm ?? (MUTATING.has(button.action)
    ? { title: `${button.label}?`, text: `${button.label} ${button.value}? This cannot be undone.`, confirm: button.label, deny: 'Cancel' }
    : undefined);
  if (!confirm) return undefined;
  return {
    title: plain(confirm.title, SLACK_LIMITS.confirmTitle),
    text: plain(confirm.text, SLACK_LIMITS.confirmText),
    confirm: plain(confirm.confirm, SLACK_LIMITS.confirmButton),
    deny: plain(confirm.deny, SLACK_LIMITS.confirmButton),
    ...(button.style === 'danger' || MUTATING.has(button.action) ? { style: 'danger' as const } : {}),
  };
}

function toButton(button: ReplyButton, actionId: string): Button {
  const confirm = confirmFor(button);
  return {
    type: 'button',
    action_id: actionId.slice(0, SLACK_LIMITS.actionId),
    text: plain(button.label, SLACK_LIMITS.buttonText),
    value: button.value.slice(0, SLACK_LIMITS.buttonValue),
    ...(button.style ? { style: button.style } : {}),
    ...(confirm ? { confirm } : {}),
  };
}

/** Buttons grouped into actions blocks of at most 25 elements each. */
export function renderButtons(buttons: ReplyButton[]): ActionsBlock[] {
  const seen = new Map<string, number>();
  const elements = buttons.map((button) => {
    const count = (seen.get(button.action) ?? 0) + 1;
    seen.set(button.action, count);
    return toButton(button, count === 1 ? button.action : `${button.action}#${count}`);
  });
  const blocks: ActionsBlock[] = [];
  for (let i = 0; i < elements.length; i += SLACK_LIMITS.elementsPerActions) {
    blocks.push({ type: 'actions', elements: elements.slice(i, i + SLACK_LIMITS.elementsPerActions) });
  }
  return blocks;
}
