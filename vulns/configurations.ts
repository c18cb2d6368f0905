// Evaluates NVD configurations against one detected software. A configuration is nodes joined by AND/OR,
// each node cpeMatch criteria joined by AND/OR (either may be negated). Criteria naming our software are
// decided by version (exact CPE version/update, or versionStart/End bounds). Platform criteria (an OS or
// hardware, usually `vulnerable: false` in an AND: "Redis on Debian") hold when nmap reported that OS CPE
// and are otherwise unknown: such a match is reported as conditional on the platform.
import { ANY, NA, parseCpe23, productKey, type Cpe } from './cpe.js';
import type { DetectedSoftware } from './detected-software.js';
import type { Configuration, ConfigNode, CpeMatchCriterion } from './types.js';
import { compareVersions, inRange } from './version-order.js';

/** Three-valued: a platform we could not observe leaves a node unknown. */
type Truth = 0 | 1 | 2;
const FALSE: Truth = 0;
const TRUE: Truth = 1;
const UNKNOWN: Truth = 2;

export interface ConfigurationMatch {
  /** The vulnerable criterion that named this software. */
  criterion: CpeMatchCriterion;
  /** Platforms the match depends on and that could not be checked (empty: none). */
  platforms: string[];
}

const parsed = new Map<string, Cpe | null>();
function cpeOf(criteria: string): Cpe | null {
  let cpe = parsed.get(criteria);
  if (cpe === undefined) {
    cpe = parseCpe23(criteria) ?? null;
    if (parsed.size > 200_000) parsed.clear();
    parsed.set(criteria, cpe);
  }
  return cpe;
}

const hasRange = (c: CpeMatchCriterion) =>
  c.versionStartIncluding !== undefined || c.versionStartExcluding !== undefined || c.versionEndIncluding !== undefined || c.versionEndExcluding !== undefined;

/** Does the criterion's version part hold the software's version? */
export function versionMatches(c: CpeMatchCriterion, cpe: Cpe, sw: DetectedSoftware): boolean {
  if (hasRange(c)) {
    return inRange(sw.version, {
      ...(c.versionStartIncluding !== undefined ? { startIncluding: c.versionStartIncluding } : {}),
      ...(c.versionStartExcluding !== undefined ? { startExcluding: c.versionStartExcluding } : {}),
      ...(c.versionEndIncluding !== undefined ? { endIncluding: c.versionEndIncluding } : {}),
      ...(c.versionEndExcluding !== undefined ? { endExcluding: c.versionEndExcluding } : {}),
    });
  }
  if (cpe.version === ANY) return true;
  if (cpe.version === NA) return false;
  const sameBase = compareVersions(cpe.version, sw.baseVersion) === 0;
  // `2.4.49:*` holds 2.4.49 and `1.3.3:*` every 1.3.3 update (1.3.3c); some records put the whole
  // version in the version field (`8.5p1:*`).
  if (cpe.update === ANY) return sameBase || compareVersions(cpe.version, sw.version) === 0;
  // `9.8:-` holds a plain 9.8 only; `8.5:p1` holds 8.5p1.
  if (cpe.update === NA) return sameBase && sw.update === '';
  return sameBase && cpe.update === sw.update;
}

interface Context {
  sw: DetectedSoftware;
  names: ReadonlySet<string>;
  hits: CpeMatchCriterion[];
  unknownPlatforms: Set<string>;
}

function criterionTruth(c: CpeMatchCriterion, ctx: Context): Truth {
  const cpe = cpeOf(c.criteria);
  if (!cpe) return FALSE;
  const key = productKey(cpe);
  if (ctx.names.has(key)) {
    if (!versionMatches(c, cpe, ctx.sw)) return FALSE;
    if (c.vulnerable) ctx.hits.push(c);
    return TRUE;
  }
  if (cpe.part === 'a') return FALSE;
  // An OS CPE nmap reported confirms a platform; its absence proves nothing (nmap often says only
  // `linux:linux_kernel`), so any other platform stays unknown.
  if (ctx.sw.platforms.includes(key)) return TRUE;
  ctx.unknownPlatforms.add(key);
  return UNKNOWN;
}

function combine(operator: 'AND' | 'OR', values: Truth[], negate: boolean): Truth {
  let result: Truth;
  if (operator === 'AND') result = values.includes(FALSE) ? FALSE : values.includes(UNKNOWN) ? UNKNOWN : TRUE;
  else result = values.includes(TRUE) ? TRUE : values.includes(UNKNOWN) ? UNKNOWN : FALSE;
  if (!negate || result === UNKNOWN) return result;
  return result === TRUE ? FALSE : TRUE;
}

function nodeTruth(node: ConfigNode, ctx: Context): Truth {
  return combine(node.operator, node.cpeMatch.map((c) => criterionTruth(c, ctx)), node.negate);
}

/**
 * The first configuration of `configurations` that holds for the software, or null. A configuration counts
 * only when one of its vulnerable criteria names the software: a configuration that lists only operating
 * systems says nothing about the application on the port.
 */
export function matchConfigurations(configurations: readonly Configuration[], sw: DetectedSoftware): ConfigurationMatch | null {
  const names = new Set(sw.cpeNames);
  let conditional: ConfigurationMatch | null = null;
  for (const configuration of configurations) {
    const ctx: Context = { sw, names, hits: [], unknownPlatforms: new Set() };
    const truth = combine(configuration.operator, configuration.nodes.map((n) => nodeTruth(n, ctx)), configuration.negate);
    const hit = ctx.hits[0];
    if (!hit || truth === FALSE) continue;
    if (truth === TRUE) return { criterion: hit, platforms: [] };
    conditional ??= { criterion: hit, platforms: [...ctx.unknownPlatforms].sort() };
  }
  return conditional;
}
