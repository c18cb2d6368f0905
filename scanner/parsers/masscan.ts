// The masscan output parsers, one per output format; each streams its input and returns the open ports
// (banner records attached to their port) and its warnings, or hands the ports to a callback in batches.
export { parseMasscanNdjson } from './masscan-ndjson.js';
export { parseMasscanJson } from './masscan-json.js';
export { parseMasscanList } from './masscan-list.js';
export type { MasscanParseResult } from './masscan-ports.js';
export type { MasscanNdjsonOptions } from './masscan-ndjson.js';
export { DEFAULT_WINDOW, type MasscanParseOptions, type PortsCallback, type WindowLimits } from './masscan-window.js';
