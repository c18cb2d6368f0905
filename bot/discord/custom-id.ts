// Button custom_ids (≤ 100 chars): `pcl:<step>:<action>:<scan id>`. `ask` buttons (Stop, Delete on a
// scan message) first show an ephemeral confirmation; its `do` button runs the command, `no` cancels.
// Parsing is strict: a custom_id we did not make (or an old format) is refused, never guessed at.
import { isButtonAction, type ButtonAction } from '../commands/actions.js';

export type ButtonStep = 'ask' | 'do' | 'no';

export interface ButtonId {
  step: ButtonStep;
  action: ButtonAction;
  value: string;
}

const PREFIX = 'pcl';

export function encodeButtonId(id: ButtonId): string {
  return `${PREFIX}:${id.step}:${id.action}:${id.value}`.slice(0, 100);
}

export function decodeButtonId(customId: string): ButtonId | null {
  const match = /^pcl:(ask|do|no):([a-z.]+):(.{1,80})$/.exec(customId);
  if (!match) return null;
  const [, step, action, value] = match as unknown as [string, ButtonStep, string, string];
  if (!isButtonAction(action)) return null;
  return { step, action, value };
}
