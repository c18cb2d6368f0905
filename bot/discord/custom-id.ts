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

/** Values a custom_id can carry so that decodeButtonId gives them back unchanged (1–80 chars, one line). */
export function isEncodableValue(value: string): boolean {
  return /^.{1,80}$/.test(value);
}

/** Throws rather than cut the value: a shortened scan id would make the button act on another scan. */
export function encodeButtonId(id: ButtonId): string {
  if (!isEncodableValue(id.value)) throw new RangeError(`button value cannot go into a custom_id: ${JSON.stringify(id.value.slice(0, 100))}`);
  return `${PREFIX}:${id.step}:${id.action}:${id.value}`;
}

export function decodeButtonId(customId: string): ButtonId | null {
  const match = /^pcl:(ask|do|no):([a-z.]+):(.{1,80})$/.exec(customId);
  if (!match) return null;
  const [, step, action, value] = match as unknown as [string, ButtonStep, string, string];
  if (!isButtonAction(action)) return null;
  return { step, action, value };
}
