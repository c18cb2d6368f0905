// The adapter conformance suite against the Discord adapter (real discord.js client, fake Discord).
import { conformanceSuite } from '../suite.js';
import { createDiscordDriver } from './discord-driver.js';

conformanceSuite('discord', createDiscordDriver);
