// The console renderer: aligned tables, buttons shown as the commands they run, files listed, and scan
// text that cannot rewrite the operator's terminal.
import { describe, expect, it } from 'vitest';
import { renderReply, renderTable } from '../../../bot/console/render.js';
import { displayWidth } from '../../../bot/console/text-width.js';

describe('renderReply', () => {
  it('aligns table columns, also with emoji', () => {
    const lines = renderTable({ columns: ['id', 'status'], rows: [['SCAN-1', '✅ Done'], ['SCAN-1002', '⏳ Running']] });
    expect(lines[0]).toBe('id         status');
    const statusColumn = lines.slice(2).map((l) => l.indexOf(l.includes('✅') ? '✅' : '⏳'));
    expect(new Set(statusColumn).size).toBe(1);
    expect(displayWidth('✅ Done')).toBe(7);
  });

  it('shows buttons as commands and lists written files', () => {
    const text = renderReply(
      { title: 'SCAN-1 · web', tone: 'info', buttons: [{ action: 'scan.delete', label: 'Delete', value: 'SCAN-1' }, { action: 'scan.report', label: 'Report', value: 'SCAN-1' }] },
      [{ name: 'r.pdf', path: '/tmp/out/r.pdf', mime: 'application/pdf' }],
    );
    expect(text).toContain('Delete → /scan delete SCAN-1 confirm=yes');
    expect(text).toContain('Report → /scan report SCAN-1 executive format=pdf');
    expect(text).toContain('📎 r.pdf → /tmp/out/r.pdf');
  });

  it('strips terminal control sequences from hostile banners and clips huge cells', () => {
    const banner = '\u001b[2J\u001b]0;owned\u0007<!channel> @everyone ' + 'A'.repeat(10_000);
    const text = renderReply({ title: 'x', tone: 'warning', fields: [{ label: 'Banner', value: banner }], table: { columns: ['banner'], rows: [[banner]] } });
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain('<!channel> @everyone');
    const tableRow = text.split('\n').find((l) => l.includes('…'));
    expect(displayWidth(tableRow ?? '')).toBeLessThanOrEqual(76);
  });
});
