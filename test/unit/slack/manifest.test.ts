import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../../bot/slack/app.js';
import { SLASH_COMMAND } from '../../../bot/slack/listeners/commands/scan.js';

const manifest = readFileSync(new URL('../../../slack-app-manifest.yml', import.meta.url), 'utf8');

describe('slack-app-manifest.yml', () => {
  it('declares the slash command the adapter listens to, at the path Bolt serves', () => {
    expect(manifest).toMatch(new RegExp(`- command: ${SLASH_COMMAND}\\n\\s+url: https://[^\\s]+${SLACK_EVENTS_PATH}\\n`));
    expect(manifest).toMatch(new RegExp(`request_url: https://[^\\s]+${SLACK_EVENTS_PATH}\\n`));
  });
  it('asks for the bot scopes the adapter uses and enables interactivity for the buttons', () => {
    for (const scope of ['commands', 'chat:write', 'chat:write.public', 'files:write']) expect(manifest).toMatch(new RegExp(`\\n\\s+- ${scope.replace('.', '\\.')}\\s`));
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: (true|false)/);
  });
  it('uses spaces, not tabs (YAML)', () => {
    expect(manifest).not.toContain('\t');
  });
});
