// The DESIGN §8 JSON object written in pieces: `{"status":…,"openPorts":[` one port at a time
// `],"findings":[` one finding at a time `]…}`, so no output of any size is built as one string.
import type { OpenPort } from '../../scanner/types.js';
import type { PrintedFinding, ResultEnd, ResultRenderer } from './renderer.js';

const text = (value: string | undefined): string => (value === undefined ? 'null' : JSON.stringify(value));

export function portJson(p: OpenPort): string {
  return `{"ip":${JSON.stringify(p.ip)},"port":${p.port},"protocol":${JSON.stringify(p.protocol)},"service":${text(p.service)},"product":${text(p.product)},"version":${text(p.version)}}`;
}

export function findingJson(f: PrintedFinding): string {
  return `{"severity":${JSON.stringify(f.severity)},"title":${JSON.stringify(f.title)},"ip":${JSON.stringify(f.ip)},"port":${f.port}}`;
}

export const jsonRenderer: ResultRenderer = {
  start: (status) => `{"status":${JSON.stringify(status)},"openPorts":[`,
  port: (port, index) => (index === 0 ? portJson(port) : `,${portJson(port)}`),
  portsEnd: () => '],',
  laterPartLead: () => ({ prefix: '', drop: ',' }),
  findingsStart: () => '"findings":[',
  finding: (finding, index) => (index === 0 ? findingJson(finding) : `,${findingJson(finding)}`),
  separator: ',',
  end: (end: ResultEnd) => {
    const error = end.error !== undefined ? `,"error":${JSON.stringify(end.error)}` : '';
    const warnings = end.warnings.length > 0 ? `,"warnings":${JSON.stringify(end.warnings)}` : '';
    return `]${error}${warnings}}\n`;
  },
};
