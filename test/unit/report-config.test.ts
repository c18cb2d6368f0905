// REPORT_SCHEDULE / REPORT_TIMEZONE in core/config: weekly Monday 08:00 UTC by default, a bad cron or time
// zone listed with the other problems at start.
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
