// Which firings of a schedule fell into an outage window: the basis of the "skipped" records.
import { describe, expect, it } from 'vitest';
import { firingsBetween } from '../../../core/scans/schedule-records.js';

describe('firingsBetween', () => {
  it('lists the firings in (from, to], in the schedule\'s time zone', () => {
    const from = new Date('2026-12-01T06:30:00Z');
    const to = new Date('2026-12-03T06:30:00Z');
    expect(firingsBetween({ cron: '0 8 * * *', timezone: 'Europe/Paris' }, from, to).map((d) => d.toISOString())).toEqual(['2026-12-01T07:00:00.000Z', '2026-12-02T07:00:00.000Z']);
  });

  it('is empty when nothing fired and bounded for a minutely schedule over a long outage', () => {
    expect(firingsBetween({ cron: '0 3 * * *', timezone: null }, new Date('2026-12-01T04:00:00Z'), new Date('2026-12-01T05:00:00Z'))).toEqual([]);
    expect(firingsBetween({ cron: '* * * * *', timezone: null }, new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'), 100)).toHaveLength(100);
  });
});
