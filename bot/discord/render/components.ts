// Reply buttons → Discord action rows (≤ 5 rows of ≤ 5 buttons, labels ≤ 80, custom_id ≤ 100). Mutating
// buttons (Stop, Delete: those with `confirm`) get an `ask` id so a click first asks; a reply that is itself
// the confirmation question (ephemeral, nothing but confirm buttons, like `/scan delete ID`) acts directly.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import type { Reply, ReplyButton } from '../../commands/reply.js';
import { encodeButtonId, isEncodableValue } from '../custom-id.js';
import { DISCORD_LIMITS, clip } from './limits.js';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

const MUTATING: ReadonlySet<ReplyButton['action']> = new Set(['scan.stop', 'scan.delete']);

function style(button: ReplyButton): ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger {
  if (button.style === 'danger' || MUTATING.has(button.action)) return ButtonStyle.Danger;
  return button.style === 'primary' ? ButtonStyle.Primary : ButtonStyle.Secondary;
}

/** True when the reply is already the question its buttons confirm. */
export function isConfirmationPrompt(reply: Reply): boolean {
  const buttons = reply.buttons ?? [];
  return reply.ephemeral === true && buttons.length > 0 && buttons.every((b) => b.confirm !== undefined);
}

export function renderButtons(reply: Reply): ButtonRow[] {
  const direct = isConfirmationPrompt(reply);
  const seen = new Set<string>();
  const buttons: APIButtonComponentWithCustomId[] = [];
  for (const button of reply.buttons ?? []) {
    if (!isEncodableValue(button.value)) continue; // a click could not be traced back to its scan
    const asks = !direct && (button.confirm !== undefined || MUTATING.has(button.action));
    const customId = encodeButtonId({ step: asks ? 'ask' : 'do', action: button.action, value: button.value });
    if (seen.has(customId)) continue; // Discord refuses duplicate custom_ids in one message
    seen.add(customId);
    buttons.push({ type: ComponentType.Button, custom_id: customId, label: clip(button.label, DISCORD_LIMITS.buttonLabel), style: style(button) });
  }
  const max = DISCORD_LIMITS.actionRowsPerMessage * DISCORD_LIMITS.buttonsPerRow;
  const rows: ButtonRow[] = [];
  for (let i = 0; i < Math.min(buttons.length, max); i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
  }
  return rows;
}

/** The ephemeral confirmation asked before a mutating button runs: Confirm (`do`) and Cancel (`no`). */
export function confirmationRows(button: Pick<ReplyButton, 'action' | 'value'>, confirmLabel: string, denyLabel: string): ButtonRow[] {
  return [{
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, custom_id: encodeButtonId({ step: 'do', action: button.action, value: button.value }), label: clip(confirmLabel, DISCORD_LIMITS.buttonLabel), style: ButtonStyle.Danger },
      { type: ComponentType.Button, custom_id: encodeButtonId({ step: 'no', action: button.action, value: button.value }), label: clip(denyLabel, DISCORD_LIMITS.buttonLabel), style: ButtonStyle.Secondary },
    ],
  }];
}
