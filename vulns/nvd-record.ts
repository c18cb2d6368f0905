// Reads NVD CVE API 2.0 `cve` objects into VulnerabilityRecords. The feed is outside input: every field is
// checked, unknown ones ignored, and a record without a CVE id is refused with the reason.
import { parseCpe23, productKey } from './cpe.js';
import type { ConfigNode, Configuration, CpeMatchCriterion, CvssScore, Reference, VulnerabilityRecord } from './types.js';

type Json = Record<string, unknown>;

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
const MAX_TEXT = 8000;
const MAX_REFERENCES = 200;

const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export class NvdRecordError extends Error {}

function cvssOf(metrics: Json | undefined, key: string): CvssScore | null {
  const list = arr(metrics?.[key]).map(obj).filter((m): m is Json => m !== undefined);
  // NVD's own (Primary) score first, then any other source.
  const chosen = list.find((m) => m.type === 'Primary') ?? list[0];
  const data = obj(chosen?.cvssData);
  const score = data?.baseScore;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 10) return null;
  return { version: str(data?.version) ?? key.replace(/^cvssMetricV(\d)(\d)?$/, '$1.$2'), score, vector: str(data?.vectorString) ?? '' };
}

/** `products` gains the `vendor:product` of a vulnerable criterion (each criterion is parsed once). */
function criterionOf(value: unknown, products: Set<string>): CpeMatchCriterion | undefined {
  const m = obj(value);
  const criteria = str(m?.criteria);
  const cpe = criteria ? parseCpe23(criteria) : undefined;
  if (!m || !criteria || !cpe) return undefined;
  const c: CpeMatchCriterion = { vulnerable: m.vulnerable === true, criteria };
  if (c.vulnerable) products.add(productKey(cpe));
  for (const key of ['versionStartIncluding', 'versionStartExcluding', 'versionEndIncluding', 'versionEndExcluding'] as const) {
    const bound = str(m[key]);
    if (bound) c[key] = bound;
  }
  return c;
}

const operatorOf = (v: unknown): 'AND' | 'OR' => (v === 'AND' ? 'AND' : 'OR');

function nodeOf(value: unknown, products: Set<string>): ConfigNode | undefined {
  const n = obj(value);
  if (!n) return undefined;
  const cpeMatch: CpeMatchCriterion[] = [];
  for (const item of arr(n.cpeMatch)) {
    const c = criterionOf(item, products);
    if (c) cpeMatch.push(c);
  }
  return cpeMatch.length === 0 ? undefined : { operator: operatorOf(n.operator), negate: n.negate === true, cpeMatch };
}

function configurationOf(value: unknown, products: Set<string>): Configuration | undefined {
  const c = obj(value);
  const nodes = arr(c?.nodes).map((n) => nodeOf(n, products)).filter((n): n is ConfigNode => n !== undefined);
  return nodes.length === 0 ? undefined : { operator: operatorOf(c?.operator), negate: c?.negate === true, nodes };
}

function referencesOf(value: unknown): Reference[] {
  const out: Reference[] = [];
  for (const r of arr(value)) {
    const url = str(obj(r)?.url);
    if (!url || !/^https?:\/\//i.test(url)) continue;
    out.push({ url: url.slice(0, 2000), tags: arr(obj(r)?.tags).filter((t): t is string => typeof t === 'string').slice(0, 10) });
    if (out.length >= MAX_REFERENCES) break;
  }
  return out;
}

function dateOf(value: unknown): string | null {
  const text = str(value);
  if (!text) return null;
  // NVD writes UTC timestamps without a zone (`2024-07-01T13:15:10.337`).
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Reads one NVD `cve` object. Throws NvdRecordError when it is not a CVE record. */
export function readNvdRecord(value: unknown): VulnerabilityRecord {
  const cve = obj(value);
  const cveId = str(cve?.id);
  if (!cve || !cveId || !CVE_ID.test(cveId)) throw new NvdRecordError('not an NVD CVE record (no "id" like CVE-2024-6387)');
  const metrics = obj(cve.metrics);
  const v31 = cvssOf(metrics, 'cvssMetricV31');
  const v30 = cvssOf(metrics, 'cvssMetricV30');
  const v40 = cvssOf(metrics, 'cvssMetricV40');
  const v2 = cvssOf(metrics, 'cvssMetricV2');
  const products = new Set<string>();
  const configurations = arr(cve.configurations).map((c) => configurationOf(c, products)).filter((c): c is Configuration => c !== undefined);
  const english = arr(cve.descriptions).map(obj).find((d) => d?.lang === 'en');
  return {
    cveId,
    published: dateOf(cve.published),
    lastModified: dateOf(cve.lastModified),
    status: str(cve.vulnStatus) ?? null,
    description: (str(english?.value) ?? '').slice(0, MAX_TEXT),
    cvss: v31 ?? v30 ?? v40 ?? v2,
    cvssV2: v2?.score ?? null,
    cvssV3: (v31 ?? v30)?.score ?? null,
    cvssV4: v40?.score ?? null,
    references: referencesOf(cve.references),
    configurations,
    products: [...products].sort(),
  };
}
