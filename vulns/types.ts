// The vocabulary of vulnerability data once read from NVD and CISA KEV: what the store keeps and what
// matching evaluates. Plain JSON-able data, so it goes to PostgreSQL (jsonb) and back unchanged.

export type VulnSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** One cpeMatch of an NVD configuration node, as NVD writes it (only the fields matching reads). */
export interface CpeMatchCriterion {
  vulnerable: boolean;
  criteria: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

export interface ConfigNode {
  operator: 'AND' | 'OR';
  negate: boolean;
  cpeMatch: CpeMatchCriterion[];
}

/** One entry of a record's `configurations`: its nodes joined by `operator` (OR when NVD gives none). */
export interface Configuration {
  operator: 'AND' | 'OR';
  negate: boolean;
  nodes: ConfigNode[];
}

export interface CvssScore {
  /** `2.0`, `3.0`, `3.1`, `4.0`. */
  version: string;
  score: number;
  vector: string;
}

export interface Reference {
  url: string;
  tags: string[];
}

/** An NVD CVE record, read. */
export interface VulnerabilityRecord {
  cveId: string;
  published: string | null;
  lastModified: string | null;
  status: string | null;
  description: string;
  /** The score severity is taken from: v3.1, else v3.0, else v4.0, else v2 (NVD's primary first). */
  cvss: CvssScore | null;
  cvssV2: number | null;
  cvssV3: number | null;
  cvssV4: number | null;
  references: Reference[];
  configurations: Configuration[];
  /** `vendor:product` of every vulnerable criterion: the store finds candidate records by it. */
  products: string[];
}

/** One entry of the CISA Known Exploited Vulnerabilities catalog. */
export interface KevEntry {
  cveId: string;
  vendorProject: string;
  product: string;
  name: string;
  dateAdded: string;
  dueDate: string | null;
  knownRansomwareUse: string;
  requiredAction: string;
  shortDescription: string;
}

export interface KevCatalog {
  catalogVersion: string;
  dateReleased: string | null;
  entries: KevEntry[];
}
