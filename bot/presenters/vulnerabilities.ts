// Replies about known CVEs: `/scan cve CVE-ID` (who runs an affected version, across all scans),
// `/scan vulndb` (what data is loaded) and the alert a data refresh sends when it matches CVEs to ports
// already seen. Content comes from the database; the alert event only named the CVE ids.
import type { AffectedPortView, VulndbStatusView } from '../commands/deps.js';
import type { Reply } from '../commands/reply.js';

const MAX_ROWS = 50;

function confidenceNote(p: AffectedPortView): string {
  if (p.confidence === 'upstream') return 'distribution package: fix may be backported';
  if (p.confidence === 'banner') return 'banner only';
  if (p.confidence === 'conditional') return 'platform-dependent';
  return '';
}

export function cveReply(cveId: string, ports: AffectedPortView[], known: boolean): Reply {
  const scans = new Set(ports.map((p) => p.scanId));
  const kev = ports.some((p) => p.kev);
  const title = ports.length === 0
    ? `${cveId}: no scanned host runs an affected version`
    : `${cveId}${kev ? ' (known exploited)' : ''}: ${ports.length} port${ports.length === 1 ? '' : 's'} in ${scans.size} scan${scans.size === 1 ? '' : 's'}`;
  return {
    title,
    tone: ports.length > 0 ? 'warning' : 'info',
    ...(ports.length === 0 ? { text: [known ? 'The latest run of every scan was checked.' : `${cveId} is not in the vulnerability data; \`/scan vulndb\` shows what is loaded, \`portcullis vulndb sync\` refreshes it.`] } : {}),
    ...(ports.length > MAX_ROWS ? { text: [`Showing ${MAX_ROWS} of ${ports.length}.`] } : {}),
    table: {
      columns: ['scan', 'host', 'port', 'software', 'note'],
      rows: ports.slice(0, MAX_ROWS).map((p) => [`${p.scanId} (run ${p.run})`, p.ip, `${p.port}/${p.protocol}`, [p.product, p.version].filter(Boolean).join(' '), confidenceNote(p)]),
    },
    ...(ports.length > 0 ? { severity: kev ? 'critical' : 'high' } : {}),
    data: ports.map((p) => ({ scanId: p.scanId, ip: p.ip, port: p.port, product: p.product, version: p.version })),
  };
}

export function vulndbReply(status: VulndbStatusView): Reply {
  const nvd = status.sources.find((s) => s.source === 'nvd');
  const kev = status.sources.find((s) => s.source === 'kev');
  const empty = status.nvdRecords === 0 && status.kevEntries === 0;
  return {
    title: empty ? 'No vulnerability data loaded' : `Vulnerability data: ${status.nvdRecords} NVD records, ${status.kevEntries} known exploited`,
    tone: empty ? 'warning' : 'info',
    ...(empty ? { text: ['Load it with `portcullis vulndb import PATH…` or `portcullis vulndb sync`.'] } : {}),
    fields: [
      { label: 'NVD records', value: String(status.nvdRecords), inline: true },
      { label: 'NVD refreshed', value: nvd ? `${nvd.refreshedAt}${nvd.lastModified ? ` (records modified up to ${nvd.lastModified})` : ''}` : 'never', inline: true },
      { label: 'KEV entries', value: String(status.kevEntries), inline: true },
      { label: 'KEV catalog', value: kev ? `version ${kev.version ?? '?'}, loaded ${kev.refreshedAt}` : 'not loaded', inline: true },
    ],
    data: status,
  };
}

export function vulnerabilityAlertReply(cves: Array<{ id: string; cvss: number | null; kev: boolean; description: string }>, ports: AffectedPortView[]): Reply {
  const ids = cves.map((c) => c.id);
  const kev = cves.some((c) => c.kev);
  const lines = cves.slice(0, 10).map((c) => {
    const hosts = ports.filter((p) => p.cveId === c.id);
    const where = hosts.slice(0, 10).map((p) => `${p.ip}:${p.port} (${p.scanId})`).join(', ') + (hosts.length > 10 ? ` and ${hosts.length - 10} more` : '');
    return `*${c.id}*${c.kev ? ' known exploited' : ''}${c.cvss !== null ? `, CVSS ${c.cvss.toFixed(1)}` : ''}: ${where}`;
  });
  return {
    title: `New vulnerability exposure: ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ` and ${ids.length - 3} more` : ''} on ${new Set(ports.map((p) => `${p.ip}:${p.port}`)).size} port(s)`,
    tone: 'warning',
    severity: kev ? 'critical' : 'high',
    text: [...lines, ...(cves.length > 10 ? [`…and ${cves.length - 10} more CVEs: \`/scan cve CVE-ID\` lists the hosts of each.`] : [])],
  };
}
