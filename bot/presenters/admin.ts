// Replies of the admin-side commands: scanners, scope, notify, role grants, list, and report uploads.
import type { Role, ScannerView, ScopeEntry } from '../../core/scans/scan-model.js';
import type { ScanListPage } from '../../core/scans/scan-service.contract.js';
import type { Reply, ReplyFile } from '../commands/reply.js';
import { severityShort, statusLabel, timestamp } from './format.js';
import { summaryData } from './scan.js';

export function listReply(page: ScanListPage, filter: { status?: string; limit?: number } = {}): Reply {
  const { scans, total } = page;
  const status = filter.status;
  return {
    title: `${count(total)} scan${total === 1 ? '' : 's'}${status ? ` with status ${status}` : ''}`,
    tone: 'info',
    text: [pagingLine(page, filter)],
    table: {
      columns: ['id', 'name', 'status', 'findings', 'severity (C H M L I)', 'last run'],
      rows: scans.map((s) => [s.id, s.name, statusLabel(s.status), String(s.findings), severityShort(s.severity), s.run === null ? '—' : `#${s.run} ${timestamp(s.startTime)}`]),
    },
    data: scans.map(summaryData),
  };
}

/** Where this page sits and the command for the next one: `Showing 1–25 of 10,000; /scan list page=2 shows the next 25.` */
function pagingLine(page: ScanListPage, filter: { status?: string; limit?: number }): string {
  const { scans, total, limit } = page;
  if (total === 0) return filter.status ? 'None match.' : 'No scans yet: `/scan create NAME TARGETS` starts one.';
  const pages = Math.ceil(total / limit);
  const command = (n: number) => `\`/scan list${filter.status ? ` status=${filter.status}` : ''}${filter.limit !== undefined ? ` limit=${limit}` : ''} page=${n}\``;
  if (scans.length === 0) return `Page ${count(page.page)} is past the end: ${count(total)} scans make ${count(pages)} page${pages === 1 ? '' : 's'} of ${limit}; ${command(pages)} shows the last.`;
  const first = (page.page - 1) * limit + 1;
  const shown = `Showing ${count(first)}–${count(first + scans.length - 1)} of ${count(total)}, newest activity first`;
  if (page.page >= pages) return `${shown}.`;
  return `${shown}; ${command(page.page + 1)} shows the next ${Math.min(limit, total - page.page * limit)}.`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function scannersReply(scanners: Array<ScannerView & { failedAuthentications: number }>): Reply {
  const active = scanners.filter((s) => !s.revoked);
  const online = active.filter((s) => s.online).length;
  const withProblems = active.filter((s) => s.capabilities.problems.length > 0);
  return {
    title: `${online} of ${active.length} scanner${active.length === 1 ? '' : 's'} online`,
    tone: online === 0 ? 'warning' : 'info',
    ...(scanners.length === 0 ? { text: ['No scanner yet: an admin adds one with `/scan scanners add NAME` (or `npx portcullis scanners add NAME`) and starts it with `portcullis worker`.'] } : {}),
    table: {
      columns: ['scanner', 'pool', 'state', 'version', 'masscan', 'nmap', 'raw sockets', 'last seen', 'jobs', 'failed logins'],
      rows: scanners.map((s) => [
        s.id, s.pool, s.revoked ? '⛔ revoked' : s.online ? '🟢 online' : '🔴 offline', s.version || '–', s.capabilities.masscan ?? 'missing', s.capabilities.nmap ?? 'missing',
        s.capabilities.rawSockets ? 'yes' : 'no', s.lastSeen ? timestamp(s.lastSeen) : 'never', String(s.runningJobs), String(s.failedAuthentications),
      ]),
    },
    ...(withProblems.length > 0 ? { fields: withProblems.map((s) => ({ label: `${s.id} problems`, value: s.capabilities.problems.join('\n') })) } : {}),
    data: scanners,
  };
}

/** Only the admin who asked sees it (ephemeral): the connection string holds the scanner's password. */
export function scannerAddedReply(credential: { name: string; pool: string; redisUrl: string }): Reply {
  return {
    title: `Scanner ${credential.name} created in pool ${credential.pool}`,
    tone: 'success',
    ephemeral: true,
    text: [
      'Its connection string, shown only to you and only now (it is not stored): set it as REDIS_URL on the scanner host, with SCANNER_ORDER_KEY from `npx portcullis scanners public-key`, then run `npx portcullis worker`.',
      `\`${credential.redisUrl}\``,
      `Lost it? \`/scan scanners revoke ${credential.name}\`, then add it again.`,
    ],
    data: credential,
  };
}

export function scannerRevokedReply(revoked: { name: string; runs: number }): Reply {
  return {
    title: `Scanner ${revoked.name} revoked`,
    tone: 'success',
    text: [`Its Redis user is deleted and its connections dropped.${revoked.runs > 0 ? ` ${revoked.runs} run(s) it held failed; rerun them on another scanner.` : ''}`],
    data: revoked,
  };
}

export function scopeListReply(entries: ScopeEntry[]): Reply {
  return {
    title: `Scope: ${entries.length} range${entries.length === 1 ? '' : 's'}`,
    tone: 'info',
    ...(entries.length === 0 ? { text: ['The scope is empty: nothing may be scanned until an admin runs `/scan scope add CIDR`.'] } : {}),
    table: { columns: ['cidr', 'added by', 'added'], rows: entries.map((e) => [e.cidr, e.addedBy, timestamp(e.addedAt)]) },
    data: entries,
  };
}

/** `wide`: the reason a confirmed wide range needed confirmation, repeated so the channel sees it. */
export function scopeChangedReply(action: 'add' | 'remove', cidr: string, wide: string | null = null): Reply {
  return {
    title: action === 'add' ? `${cidr} added to the scope` : `${cidr} removed from the scope`,
    tone: wide ? 'warning' : 'success',
    ...(wide ? { text: [`Confirmed: ${wide.replace(/ If that is what you mean, add confirm=yes\.$/, '')}`] } : {}),
    data: { action, cidr },
  };
}

export function notifyReply(kind: string, enabled: boolean, channelId: string): Reply {
  const what = kind === 'all' ? 'alerts and report summaries' : kind === 'alerts' ? 'failure and new-exposure alerts' : 'report summaries';
  return { title: enabled ? `This channel now gets ${what}` : `This channel no longer gets ${what}`, tone: 'success', data: { kind, enabled, channelId } };
}

/** `user` is `platform:id`; `assumed` names the platform taken from where the command was typed. */
export function roleGrantedReply(user: string, role: Role, assumed: string | null = null): Reply {
  const note = assumed ? [`${assumed} was assumed because the command came from ${assumed}; write discord:ID or slack:ID for a user of another platform.`] : [];
  return { title: `${user} is now ${role === 'admin' ? 'an' : 'a'} ${role}`, tone: 'success', ...(note.length > 0 ? { text: note } : {}), data: { userId: user, role } };
}

export function reportReply(scanId: string, kind: string, file: ReplyFile): Reply {
  return { title: `${scanId}: ${kind} report`, tone: 'success', text: [`${file.name} (${Math.max(1, Math.round(file.data.length / 1024))} KiB)`], files: [file], data: { id: scanId, kind, file: file.name } };
}
