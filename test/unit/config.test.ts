// core/config: one zod schema over the environment (DESIGN §7), defaults, and every problem listed at once.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('has the defaults of DESIGN §7 for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/portcullis',
      REDIS_URL: 'redis://127.0.0.1:6379',
      DISCORD_API_URL: 'https://discord.com/api',
      PORT: 3000,
      SCOPE_ALLOW: [],
      SCOPE_DENY: [],
      WORKER_CONCURRENCY: 2,
      ADMINS: [],
      PORTCULLIS_OUTPUT_DIR: './portcullis-output',
      LOG_LEVEL: 'info',
    });
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.MASSCAN_ADAPTER).toBeUndefined();
  });

  it('treats empty and blank values as unset', () => {
    const config = loadConfig({ PORT: '', SLACK_BOT_TOKEN: '   ', WORKER_CONCURRENCY: ' ', SCOPE_ALLOW: '' });
    expect(config.PORT).toBe(3000);
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.WORKER_CONCURRENCY).toBe(2);
    expect(config.SCOPE_ALLOW).toEqual([]);
  });

  it('parses scope lists, admins and numbers', () => {
    const config = loadConfig({
      SCOPE_ALLOW: '198.18.0.0/15, 10.0.0.0/8,2001:db8::/32',
      SCOPE_DENY: '198.18.1.99',
      ADMINS: 'slack:U0123ABC, discord:123456789012345678',
      PORT: '8080',
      WORKER_CONCURRENCY: '4',
      MASSCAN_ADAPTER: 'pcl-h1',
      MASSCAN_ADAPTER_IP: '198.18.1.50',
      MASSCAN_ROUTER_MAC: '02:00:00:aa:bb:cc',
    });
    expect(config.SCOPE_ALLOW).toEqual(['198.18.0.0/15', '10.0.0.0/8', '2001:db8::/32']);
    expect(config.SCOPE_DENY).toEqual(['198.18.1.99']);
    expect(config.ADMINS).toEqual([
      { platform: 'slack', id: 'U0123ABC' },
      { platform: 'discord', id: '123456789012345678' },
    ]);
    expect(config.PORT).toBe(8080);
    expect(config.WORKER_CONCURRENCY).toBe(4);
    expect(config.MASSCAN_ADAPTER_IP).toBe('198.18.1.50');
  });

  it('lists every problem at once, each naming its variable', () => {
    const found = problems({
      DATABASE_URL: 'mysql://localhost/db',
      REDIS_URL: 'not a url',
      PORT: '70000',
      WORKER_CONCURRENCY: 'two',
      SCOPE_ALLOW: '10.0.0.0/8,bogus',
      ADMINS: 'U0123',
      MASSCAN_ADAPTER_IP: 'eth0',
      MASSCAN_ROUTER_MAC: '02:00:00:aa:bb',
      LOG_LEVEL: 'loud',
    });
    const variables = found.map((p) => p.split(':')[0]);
    expect(variables).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'PORT', 'WORKER_CONCURRENCY', 'SCOPE_ALLOW', 'ADMINS', 'MASSCAN_ADAPTER_IP', 'MASSCAN_ROUTER_MAC', 'LOG_LEVEL']),
    );
    expect(found.find((p) => p.startsWith('SCOPE_ALLOW'))).toContain('"bogus"');
    expect(found.find((p) => p.startsWith('PORT'))).toContain('0 to 65535');
  });

  it('the error message lists the problems one per line', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/^Invalid configuration:\n {2}- /);
      expect((error as Error).message.split('\n')).toHaveLength(3);
    }
  });

  it('checks the chat credentials that belong together', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })[0]).toMatch(/SLACK_SIGNING_SECRET/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).SLACK_APP_TOKEN).toBe('xapp-1');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).SLACK_SIGNING_SECRET).toBe('s');
    expect(problems({ DISCORD_TOKEN: 't' })[0]).toMatch(/DISCORD_APPLICATION_ID/);
  });

  it('accepts local fake API URLs for Slack and Discord and refuses other schemes', () => {
    const config = loadConfig({ SLACK_API_URL: 'http://127.0.0.1:9999/api/', DISCORD_API_URL: 'http://127.0.0.1:9998/api' });
    expect(config.SLACK_API_URL).toBe('http://127.0.0.1:9999/api/');
    expect(problems({ SLACK_API_URL: 'ftp://example.com' })[0]).toMatch(/^SLACK_API_URL/);
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });
});

describe('loadConfig scope lists use the engine parser', () => {
  it('refuses loose address forms the engine would ignore', () => {
    expect(() => loadConfig({ SCOPE_DENY: '0x7f.1' })).toThrow(/SCOPE_DENY/);
    expect(() => loadConfig({ SCOPE_ALLOW: '10.1' })).toThrow(/SCOPE_ALLOW/);
    expect(loadConfig({ SCOPE_ALLOW: '198.18.0.0/15,2001:db8::/64' }).SCOPE_ALLOW).toEqual(['198.18.0.0/15', '2001:db8::/64']);
  });
});

// REPORT_SCHEDULE / REPORT_TIMEZONE: weekly Monday 08:00 UTC by default; a bad cron or time zone is listed
// with the other problems at start.
describe('report schedule configuration', () => {
  it('defaults to Mondays at 08:00 UTC and keeps what is given', () => {
    expect(loadConfig({})).toMatchObject({ REPORT_SCHEDULE: '0 8 * * 1', REPORT_TIMEZONE: 'UTC' });
    expect(loadConfig({ REPORT_SCHEDULE: ' 30 7 * * 1-5 ', REPORT_TIMEZONE: 'Europe/Paris' })).toMatchObject({ REPORT_SCHEDULE: '30 7 * * 1-5', REPORT_TIMEZONE: 'Europe/Paris' });
  });

  it('lists a bad cron expression and a bad time zone together with other problems', () => {
    const listed = problems({ REPORT_SCHEDULE: '61 8 * * 1', REPORT_TIMEZONE: 'Mars/Olympus', PORT: 'x' });
    expect(listed).toHaveLength(3);
    expect(listed.find((p) => p.startsWith('REPORT_SCHEDULE:'))).toMatch(/not a cron expression.*e\.g\. "0 8 \* \* 1"/);
    expect(listed.find((p) => p.startsWith('REPORT_TIMEZONE:'))).toMatch(/IANA time zone/);
    expect(problems({ REPORT_SCHEDULE: 'every monday' })).toEqual([expect.stringMatching(/^REPORT_SCHEDULE: "every monday" is not a cron expression/)]);
  });
});
