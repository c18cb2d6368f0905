// Entry point of the Discord adapter: a discord.js client (Guilds intent only; REST at DISCORD_API_URL,
// the gateway URL then comes from its /gateway/bot), `/scan` registered from the command definitions on
// ready, chat-input commands and buttons routed to their handlers, each interaction once. Returns the notifier the notification
// router posts through, and stop().
import { Client, Events, GatewayIntentBits, type RESTOptions } from 'discord.js';
import type { Config } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import type { ChartsPort, CommandDeps, ReportsPort, VulnerabilityPort } from '../commands/deps.js';
import type { DiscordContext } from './interactions/context.js';
import { onButton } from './interactions/button.js';
import { onScanCommand } from './interactions/chat-input.js';
import { InteractionOnce } from './interactions/once.js';
import { safeError } from './interactions/safe-error.js';
import { DiscordNotifier } from './notifier.js';
import { registerScanCommand } from './register.js';

export interface DiscordDeps {
  config: Config;
  service: ScanService;
  logger: Logger;
  reports?: ReportsPort;
  charts?: ChartsPort;
  /** The vulnerability store: `/scan cve`, `/scan vulndb` and the CVEs of `/scan vulns`. */
  vulnerabilities?: VulnerabilityPort;
  /** REST overrides (tests shorten timeouts and retries). */
  restOptions?: Partial<RESTOptions>;
}

export interface DiscordAdapter {
  notifier: DiscordNotifier;
  client: Client;
  stop(): Promise<void>;
}

export async function startDiscord(deps: DiscordDeps): Promise<DiscordAdapter> {
  const { config } = deps;
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) throw new ConfigError(['DISCORD_TOKEN and DISCORD_APPLICATION_ID are both needed for Discord']);
  const logger = deps.logger.child({ component: 'discord' });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { ...deps.restOptions, api: config.DISCORD_API_URL } });
  const notifier = new DiscordNotifier(client.rest, logger);
  const commands: CommandDeps = {
    service: deps.service,
    logger,
    admins: config.ADMINS,
    ...(deps.reports ? { reports: deps.reports } : {}),
    ...(deps.charts ? { charts: deps.charts } : {}),
    ...(deps.vulnerabilities ? { vulnerabilities: deps.vulnerabilities } : {}),
  };
  const ctx: DiscordContext = { commands, notifier, logger };

  const once = new InteractionOnce();
  client.on(Events.InteractionCreate, (interaction) => {
    if (!once.first(interaction.id)) {
      logger.warn({ id: interaction.id, user: interaction.user.id }, 'discord interaction delivered again: ignored (each interaction is handled once)');
      return;
    }
    if (interaction.isChatInputCommand() && interaction.commandName === 'scan') void onScanCommand(interaction, ctx);
    else if (interaction.isButton()) void onButton(interaction, ctx);
  });
  client.on(Events.Error, (error) => logger.error({ err: safeError(error) }, 'discord client error'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(config.DISCORD_TOKEN);
    await ready;
    await registerScanCommand(client.rest, config.DISCORD_APPLICATION_ID, config.DISCORD_GUILD_ID, logger);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  logger.info({ user: client.user?.id }, 'discord adapter connected');
  return { notifier, client, stop: () => client.destroy() };
}
