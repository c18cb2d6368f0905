// What every Slack listener needs: the command layer's dependencies and a logger. Built once by startSlack.
import type { Logger } from '../../../core/logger.js';
import type { CommandDeps } from '../../commands/deps.js';
import type { WorkLimiter } from './work-limiter.js';

export interface ListenerContext {
  commands: CommandDeps;
  logger: Logger;
  /** Bounds how many commands do their post-ack work at once. */
  work: WorkLimiter;
}
