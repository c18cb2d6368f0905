// Replies of the admin-side commands: scanners, scope, notify, role grants, list, and report uploads.
import type { Role, ScanSummary, ScannerView, ScopeEntry } from '../../core/scans/scan-model.js';
import type { Reply, ReplyFile } from '../commands/reply.js';
import { severityShort, statusLabel, timestamp } from './format.js';
import { summaryData } from './scan.js';

export function listReply(scans: ScanSummary[], status?: string): Reply {
  return {
    title: `${scans.length} scan${scans.length === 1 ? '' : 's'}${status ? ` with status ${status}` : ''}`,
    tone: 'info',
    ...(scans.length === 0 ? { text: [status ? 'None match.' : 'No scans yet: `/scan create NAME TARGETS` starts one.'] } : {}),
    table: {
      columns: ['id', 'name', 'status', 'findings', 'severity (C H M L I)', 'last run'],
      rows: scans.map((s) => [s.id, s.name, statusLabel(s.status), String(s.findings), severityShort(s.severity), s.run === null ? '—' : `#${s.run} ${timestamp(s.startTime)}`]),
    },
    data: scans.map(summaryData),
  };
}

export function scannersReply(scanners: ScannerView[]): Reply {
  const online = scanners.filter((s) => s.online).length;
  return {
    title: `${online} of ${scanners.length} scanner${scanners.length === 1 ? '' : 's'} online`,
    tone: online === 0 ? 'warning' : 'info',
    ...(scanners.length === 0 ? { text: ['No scanner has reported yet: start one with `portcullis worker`.'] } : {}),
    table: {
      columns: ['scanner', 'state', 'version', 'masscan', 'nmap', 'raw sockets', 'last seen', 'jobs'],
      rows: scanners.map((s) => [s.host, s.online ? '🟢 online' : '🔴 offline', s.version, s.capabilities.masscan ?? 'missing', s.capabilities.nmap ?? 'missing', s.capabilities.rawSockets ? 'yes' : 'no', timestamp(s.lastSeen), String(s.runningJobs)]),
    },
    ...(scanners.some((s) => s.capabilities.problems.length > 0)
      ? { fields: scanners.filter((s) => s.capabilities.problems.length > 0).map((s) => ({ label: `${s.host} problems`, value: s.capabilities.problems.join('\n') })) }
      : {}),
    data: scanners,
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

export function scopeChangedReply(action: 'add' | 'remove', cidr: string): Reply {
  return { title: action === 'add' ? `${cidr} added to the scope` : `${cidr} removed from the scope`, tone: 'success', data: { action, cidr } };
}

export function notifyReply(kind: string, enabled: boolean, channelId: string): Reply {
  const what = kind === 'all' ? 'alerts and report summaries' : kind === 'alerts' ? 'failure and new-exposure alerts' : 'report summaries';
  return { title: enabled ? `This channel now gets ${what}` : `This channel no longer gets ${what}`, tone: 'success', data: { kind, enabled, channelId } };
}

export function roleGrantedReply(userId: string, role: Role): Reply {
  return { title: `${userId} is now ${role === 'admin' ? 'an' : 'a'} ${role}`, tone: 'success', data: { userId, role } };
}

export function reportReply(scanId: string, kind: string, file: ReplyFile): Reply {
  return { title: `${scanId}: ${kind} report`, tone: 'success', text: [`${file.name} (${Math.max(1, Math.round(file.data.length / 1024))} KiB)`], files: [file], data: { id: scanId, kind, file: file.name } };
}
