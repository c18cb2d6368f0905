// What every Discord interaction handler needs: the command layer's deps, the notifier (for status
// messages in the channel) and a logger.
import type { Logger } from '../../../core/logger.js';
import type { CommandDeps } from '../../commands/deps.js';
import type { DiscordNotifier } from '../notifier.js';

export interface DiscordContext {
  commands: CommandDeps;
  notifier: DiscordNotifier;
  logger: Logger;
}
