// A click on a Portcullis button. `ask` (Stop, Delete on a scan message): an ephemeral "are you sure?"
// with Confirm/Cancel. `no`: that question is replaced by "nothing changed". `do`: the button becomes the
// command the command layer defines for it (commandForAction), so roles and the audit log apply as for
// typed commands; from a confirmation it edits that (ephemeral) question, else it answers publicly.
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { commandForAction } from '../../commands/actions.js';
import { handleCommand } from '../../commands/dispatcher.js';
import { actorOf } from '../actor.js';
import { decodeButtonId, type ButtonId } from '../custom-id.js';
import { confirmationRows } from '../render/components.js';
import { escapeText } from '../render/escape.js';
import type { DiscordContext } from './context.js';
import { deliverReply } from './deliver.js';
import { answerFailure } from './failure.js';
import { safeError } from './safe-error.js';

const QUESTIONS: Partial<Record<ButtonId['action'], { title: string; text: string; confirm: string; deny: string }>> = {
  'scan.stop': { title: 'Stop {id}?', text: 'The running tools are killed; ports found so far are kept.', confirm: 'Stop', deny: 'Keep running' },
  'scan.delete': { title: 'Delete {id}?', text: 'The scan with all its runs, logs and findings is deleted. It cannot be undone.', confirm: 'Delete', deny: 'Cancel' },
};
const GENERIC = { title: 'Run {id}?', text: 'Please confirm.', confirm: 'Confirm', deny: 'Cancel' };

export async function onButton(interaction: ButtonInteraction, ctx: DiscordContext): Promise<void> {
  const id = decodeButtonId(interaction.customId);
  if (!id) return; // not one of ours
  try {
    if (id.step === 'ask') return await ask(interaction, id);
    if (id.step === 'no') {
      await interaction.update({ content: 'Cancelled: nothing was changed.', embeds: [], components: [], allowedMentions: { parse: [] } });
      return;
    }
    const fromQuestion = interaction.message.flags.has(MessageFlags.Ephemeral);
    if (fromQuestion) await interaction.deferUpdate();
    else await interaction.deferReply();
    const reply = await handleCommand({ actor: actorOf(interaction), command: commandForAction(id.action, id.value) }, ctx.commands);
    await deliverReply(interaction, reply, ctx, fromQuestion ? 'in-place' : 'public');
  } catch (error) {
    if (interaction.deferred || interaction.replied) await answerFailure(interaction, error, ctx);
    else ctx.logger.error({ err: safeError(error), customId: interaction.customId }, 'discord button failed before answering');
  }
}

async function ask(interaction: ButtonInteraction, id: ButtonId): Promise<void> {
  const question = QUESTIONS[id.action] ?? GENERIC;
  await interaction.reply({
    embeds: [{ title: escapeText(question.title.replace('{id}', id.value)), description: escapeText(question.text), color: 0xf57c00 }],
    components: confirmationRows(id, question.confirm, question.deny),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
